/**
 * Every ISM id the kit and the config cite, with who cites it, so the ids can be checked against
 * the catalog the user supplies (a rescinded or renumbered control must be named, not passed over).
 */
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENTS, Acknowledgement } from '../acknowledgements';
import { ISM_CONTROLS } from '../ism-controls';
import { agencyRiskAcceptances } from '../risk-acceptances';

/**
 * Ids cited by the kit's control registry, its acknowledgements and the agency risk acceptances of
 * the app `root` belongs to. (The ISM pack's rules and the mapping of other packs cite only ids of
 * the registry; test/nag/ism-controls.test.ts holds that line.)
 */
export function citedIsmIds(root?: IConstruct): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const add = (id: string, by: string) => {
    let list = cited.get(id);
    if (!list) cited.set(id, (list = []));
    if (!list.includes(by)) list.push(by);
  };
  for (const id of Object.keys(ISM_CONTROLS)) add(id, "the kit's control mapping");
  for (const [key, ack] of Object.entries(ACKNOWLEDGEMENTS as Record<string, Acknowledgement>)) {
    for (const id of [...ack.ismControls, ...ack.rules.flatMap((r) => r.ismControls ?? [])]) add(id, `the kit's acknowledgement ${key}`);
  }
  if (root) for (const ra of agencyRiskAcceptances(root).values()) for (const id of ra.ismControls) add(id, `${ra.configPath}.ismControls`);
  return cited;
}
