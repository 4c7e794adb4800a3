import { sdkSample } from '../../scripts/bench/peers/sdk-sample';
import { seededRandom } from '../../scripts/bench/peers/seeded-random';
import { ServiceContext } from '../../scripts/bench/peers/service';
import { terraform } from '../../scripts/bench/peers/terraform';
import { VirtualClock } from '../../scripts/bench/peers/virtual-clock';

/**
 * The peers' schedules as the bench replays them: when each one looks at the association, on a
 * virtual clock, against a stand-in service that turns ACTIVE at a given time. No real time passes.
 */
function standInService(clock: VirtualClock, activeAtMs: number) {
  const looks: number[] = [];
  const service = {
    clock,
    misses: 0,
    associate: async () => undefined,
    findAssociation: async () => {
      looks.push(clock.now());
      return { DomainPackageStatus: clock.now() >= activeAtMs ? 'ACTIVE' : 'ASSOCIATING' };
    },
  } as unknown as ServiceContext;
  return { service, looks };
}

test('Terraform waits 30 s, refreshes at once, then after 200 ms, doubling the wait up to 10 s', async () => {
  const clock = new VirtualClock();
  const { service, looks } = standInService(clock, 100_000);
  await clock.run([terraform.associate(service, 'domain', 'F1')]);
  expect(looks.slice(0, 10)).toEqual([30_000, 30_200, 30_600, 31_400, 33_000, 36_200, 42_600, 52_600, 62_600, 72_600]);
  expect(looks[looks.length - 1]).toBe(102_600);
});

test('the SDK sample looks at once after associating, then every 10 s', async () => {
  const clock = new VirtualClock();
  const { service, looks } = standInService(clock, 25_000);
  await clock.run([sdkSample.associate(service, 'domain', 'F1')]);
  expect(looks).toEqual([0, 10_000, 20_000, 30_000]);
});

test('the virtual clock wakes parallel sleepers in time order', async () => {
  const clock = new VirtualClock();
  const woken: string[] = [];
  const sleeper = async (name: string, ms: number) => {
    await clock.sleep(ms);
    woken.push(`${name}@${clock.now()}`);
  };
  await clock.run([sleeper('b', 200), sleeper('a', 100), sleeper('c', 300)]);
  expect(woken).toEqual(['a@100', 'b@200', 'c@300']);
});

test('the seeded stream draws the same numbers every time, in [0, 1)', () => {
  const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
  expect(draw(26)).toEqual(draw(26));
  expect(draw(26)).not.toEqual(draw(27));
  expect(draw(26).every((x) => x >= 0 && x < 1)).toBe(true);
});
