/**
 * Happens-before across requests, for the middleware and the outgoing-call instrumentation:
 * - a request that ended before another began is ordered before it (requests that never
 *   overlapped cannot interleave, however they reached the server: no report minutes apart);
 * - a call sent with a traceparent orders the handler that receives it (in this process) after
 *   the sender, and the sender's continuation after the handler's response.
 * All no-ops while race detection is off.
 */
import { AgedMap } from './aged';
import { currentEvent, type Event, joinCurrent, joinOf, running } from './events';

/** After every request that has ended so far. */
let ended: Event | undefined;
/** Outgoing calls by the span id they sent, and the handlers' ends by the same id (bounded). */
const sent = new AgedMap<string, Event>(10_000);
const answered = new AgedMap<string, Event>(10_000);

function remember(map: AgedMap<string, Event>, key: string): void {
  map.set(key, currentEvent());
}

/** The request's first step; returns its event, for resumeRequest() at later entry points. */
export function requestBegan(callerSpan: string | undefined): Event | undefined {
  if (!running()) return undefined;
  joinCurrent([ended, callerSpan === undefined ? undefined : sent.get(callerSpan)]);
  return currentEvent();
}

/** A framework resumed the request from an I/O callback (body parsed): ordered after its start. */
export function resumeRequest(began: Event | undefined): void {
  if (running()) joinCurrent([began]);
}

export function requestEnded(callerSpan: string | undefined): void {
  if (!running()) return;
  ended = joinOf(ended === undefined ? [currentEvent()] : [ended, currentEvent()]);
  if (callerSpan !== undefined && sent.delete(callerSpan)) remember(answered, callerSpan);
}

export function callSent(span: string): void {
  if (running()) remember(sent, span);
}

export function callAnswered(span: string): void {
  if (!running()) return;
  const handler = answered.get(span);
  answered.delete(span);
  sent.delete(span);
  joinCurrent([handler]);
}
