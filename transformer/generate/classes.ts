/**
 * Option `classes`: `trackClass(C, true)` once C is defined, and `trackInstance(this, C, new.target)` at every
 * normal exit of C's constructor (a class without a constructor gets one). Classes without a name
 * binding (anonymous class expressions) cannot name themselves inside their constructor: they get
 * trackClass only, from a static block.
 */
import type * as TS from 'typescript';
import { isFunctionLike } from '../scope';
import { comma, type FileState, fresh, runtimeMember, temp } from './state';

function trackInstanceCall(s: FileState, name: string): TS.Statement {
  const { ts, f } = s;
  return f.createExpressionStatement(
    f.createCallExpression(runtimeMember(s, 'trackInstance'), undefined, [
      f.createThis(),
      f.createIdentifier(name),
      f.createMetaProperty(ts.SyntaxKind.NewKeyword, f.createIdentifier('target')),
    ]),
  );
}

/**
 * `super(...args)` of a synthesised derived constructor, for hosts that type-check the output: TypeScript
 * rejects spreading an untyped rest into a base constructor without a rest parameter (TS2556), and the
 * base's parameter types cannot be named for every heritage expression, so the line is exempt.
 */
function superWithArgs(s: FileState, args: TS.Identifier): TS.Statement {
  const { ts, f } = s;
  const call = f.createExpressionStatement(
    f.createCallExpression(f.createSuper(), undefined, [f.createSpreadElement(args)]),
  );
  return ts.addSyntheticLeadingComment(call, ts.SyntaxKind.SingleLineCommentTrivia, ' @ts-ignore', true);
}

/** `return;` and `return expr;` of the constructor itself (not of nested functions or classes). */
function rewriteReturns(s: FileState, node: TS.Node, name: string): TS.Node {
  const { ts, f } = s;
  if (isFunctionLike(ts, node) || ts.isClassLike(node)) return node;
  if (!ts.isReturnStatement(node))
    return ts.visitEachChild(node, (c) => rewriteReturns(s, c, name), s.context);
  if (!node.expression) return f.createBlock([trackInstanceCall(s, name), node], false);
  // a constructor returning an object replaces the instance: nothing to finish then
  const r = fresh(s);
  const isObject = f.createLogicalOr(
    f.createLogicalAnd(
      f.createStrictEquality(f.createTypeOfExpression(r), f.createStringLiteral('object')),
      f.createStrictInequality(r, f.createNull()),
    ),
    f.createStrictEquality(f.createTypeOfExpression(r), f.createStringLiteral('function')),
  );
  return f.createBlock(
    [
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([
          f.createVariableDeclaration(r, undefined, undefined, node.expression),
        ]),
      ),
      f.createIfStatement(
        f.createLogicalNot(f.createParenthesizedExpression(isObject)),
        trackInstanceCall(s, name),
      ),
      f.createReturnStatement(r),
    ],
    false,
  );
}

/** The members of a named `classes` class, with the constructor finishing the instance. */
function withTrackInstance(s: FileState, cls: TS.ClassDeclaration | TS.ClassExpression): TS.ClassElement[] {
  const { ts, f } = s;
  const members = [...cls.members];
  const name = cls.name!.text;
  const index = members.findIndex((m) => ts.isConstructorDeclaration(m) && m.body);
  if (index >= 0) {
    const ctor = members[index] as TS.ConstructorDeclaration;
    const body = ctor.body!;
    const statements = body.statements.map((st) => rewriteReturns(s, st, name) as TS.Statement);
    members[index] = f.updateConstructorDeclaration(
      ctor,
      ctor.modifiers,
      ctor.parameters,
      f.updateBlock(body, [...statements, trackInstanceCall(s, name)]),
    );
    return members;
  }
  const derived = cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
  const args = fresh(s);
  const synthesized = derived
    ? f.createConstructorDeclaration(
        undefined,
        [
          f.createParameterDeclaration(
            undefined,
            f.createToken(ts.SyntaxKind.DotDotDotToken),
            args,
            undefined,
            f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword),
          ),
        ],
        f.createBlock([superWithArgs(s, args), trackInstanceCall(s, name)], true),
      )
    : f.createConstructorDeclaration(undefined, [], f.createBlock([trackInstanceCall(s, name)], true));
  // TS keeps an overload list before the implementation; a class without an implementation has none
  const at = members.findIndex(
    (m) =>
      !ts.isPropertyDeclaration(m) &&
      !ts.isClassStaticBlockDeclaration(m) &&
      !ts.isIndexSignatureDeclaration(m),
  );
  members.splice(at < 0 ? members.length : at, 0, synthesized);
  return members;
}

/**
 * A class of the `classes` option, its body visited, tracked in place. A named class is marked right
 * after its definition (`C; trackClass(C)` for a declaration, `(_t = class C {}, trackClass(_t), _t)`
 * for an expression) and its constructor finishes its instances. Only an anonymous class, which cannot
 * be named after its definition without losing the name it gets from its binding, is marked from a
 * static block: a static block that refers to the class by name makes esbuild (lowering it below
 * ES2022) rename the class to `_C`, and hosts older than ES2022 (TypeScript < 4.4) cannot parse one.
 */
export function trackedClass(
  s: FileState,
  node: TS.ClassDeclaration | TS.ClassExpression,
): TS.Node | TS.Node[] {
  const { ts, f } = s;
  const visited = ts.visitEachChild(node, s.visit, s.context) as TS.ClassDeclaration | TS.ClassExpression;
  // `true`: the class's constructor ends with trackInstance (tracked bases leave the finish to it)
  const mark = (target: TS.Expression, finishes: boolean) =>
    f.createCallExpression(
      runtimeMember(s, 'trackClass'),
      undefined,
      finishes ? [target, f.createTrue()] : [target],
    );
  const name = visited.name;
  // the factory has one update function per node kind, with the same arguments: hence the twin calls
  const update = (members: readonly TS.ClassElement[]) =>
    ts.isClassDeclaration(visited)
      ? f.updateClassDeclaration(
          visited,
          visited.modifiers,
          name,
          visited.typeParameters,
          visited.heritageClauses,
          members,
        )
      : f.updateClassExpression(
          visited,
          visited.modifiers,
          name,
          visited.typeParameters,
          visited.heritageClauses,
          members,
        );
  if (!name) {
    const block = f.createClassStaticBlockDeclaration(
      f.createBlock([f.createExpressionStatement(mark(f.createThis(), false))], false),
    );
    return update([block, ...visited.members]);
  }
  const cls = update(withTrackInstance(s, visited));
  if (ts.isClassDeclaration(cls))
    return [cls, f.createExpressionStatement(mark(f.createIdentifier(name.text), true))];
  const t = temp(s);
  return f.createParenthesizedExpression(
    comma(s, [f.createAssignment(t, cls as TS.ClassExpression), mark(t, true), t]),
  );
}
