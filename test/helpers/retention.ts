/**
 * The data-retention bot container's first start, for lifecycle suites: it registers with the
 * challenge its secret holds (the simulators of the resources around it are in retention-simulators.ts).
 */
import type { KitLifecycle } from './lifecycle';

/**
 * Every bot whose challenge is in one of its Region's secrets registers, as its container would on
 * start: pass it as the harness's onPoll. A bot with a wrong password never registers.
 */
export function registerStartedBots(kit: () => KitLifecycle): () => void {
  return () => {
    const { emulator, harness } = kit();
    const sm = harness.standIns.secretsManager;
    for (const [region, nets] of Object.entries(emulator.state.snapshot())) {
      for (const [networkId, n] of Object.entries(nets)) {
        const challenge = emulator.state.dataRetentionChallenge(region, networkId);
        if (!challenge || n.dataRetention.isDataRetentionBotRegistered) continue;
        const inSecret = sm.secretsIn(region).some((sec) => {
          const value = sm.currentValue(region, sec.arn);
          return value?.startsWith('{') === true && (JSON.parse(value) as { password?: unknown }).password === challenge;
        });
        if (inSecret) emulator.simulateDataRetentionBotRegistration(region, networkId);
      }
    }
  };
}
