// htm bound to preact: tagged templates become virtual nodes, and every interpolated value becomes a
// text node or a property, never parsed as HTML. Nothing in the UI uses dangerouslySetInnerHTML.
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);
