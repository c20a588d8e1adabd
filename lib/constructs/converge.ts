/**
 * `cdk deploy -c converge=<text>`: make every Wickr custom resource of the app converge on its
 * config again, whether or not the config changed.
 *
 * CloudFormation calls a custom resource's handler only when its properties change, so a drifted
 * network (a console change the config does not know about) is not put back by deploying the same
 * config again. With this context the kit adds one property, `WickrKitConverge: <text>`, to every
 * `Custom::Wickr*` resource; when the text differs from the last deployment's, CloudFormation sends
 * each an Update, and each handler reads the service and writes back exactly the members that
 * differ (an Update of a resource in sync writes nothing). Use a text that is new each time, such
 * as the change or incident number. Handlers never see the property (lambda/shared/props.ts).
 */
import { CfnResource, IAspect, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CONVERGE_PROPERTY } from '../../lambda/shared/props';
import { throwIfProblems } from '../config/errors';

/** The context key (`-c converge=INC-4711`). */
export const CONVERGE_CONTEXT = 'converge';

/** Adds the converge marker to every `Custom::Wickr*` resource it visits. */
export class ConvergeMarker implements IAspect {
  /** The aspect for a scope, when its app was given `-c converge=<text>`; validates the text. */
  public static fromContext(scope: IConstruct): ConvergeMarker | undefined {
    const value = scope.node.tryGetContext(CONVERGE_CONTEXT) as unknown;
    if (value === undefined) return undefined;
    const text = typeof value === 'string' ? value.trim() : '';
    throwIfProblems(`-c ${CONVERGE_CONTEXT}`, [
      ...(text === '' || text.length > 128 || Token.isUnresolved(text)
        ? [{ path: CONVERGE_CONTEXT, message: 'give a short text that is new for this deployment, such as the change or incident number (1 to 128 characters)', got: value }]
        : []),
    ]);
    return new ConvergeMarker(text);
  }

  private constructor(public readonly text: string) {}

  public visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node) && node.cfnResourceType.startsWith('Custom::Wickr')) node.addPropertyOverride(CONVERGE_PROPERTY, this.text);
  }
}
