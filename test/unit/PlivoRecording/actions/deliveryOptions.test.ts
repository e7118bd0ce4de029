import { buildDeliveryFragment } from '../../../../nodes/PlivoRecording/actions/deliveryOptions';

describe('callback delivery fragment', () => {
	it("is empty when nothing is set, so Plivo's defaults apply", () => {
		expect(buildDeliveryFragment({})).toEqual({ fragment: '' });
	});

	it("writes Plivo's keys in Plivo's order", () => {
		expect(
			buildDeliveryFragment({
				edgeRegion: 'mumbai',
				retryOn: ['4xx', 'rt'],
				retryCount: 0,
				totalTimeout: 55000,
				readTimeout: 100,
				connectionTimeout: 10000,
			}),
		).toEqual({ fragment: 'ct=10000&rt=100&tt=55000&rc=0&rp=4xx,rt&er=mumbai' });
	});

	it.each([
		[{ connectionTimeout: 99 }, 'Connection Timeout (Milliseconds)'],
		[{ connectionTimeout: 10001 }, 'Connection Timeout (Milliseconds)'],
		[{ readTimeout: 40001 }, 'Read Timeout (Milliseconds)'],
		[{ totalTimeout: 55001 }, 'Total Timeout (Milliseconds)'],
		[{ totalTimeout: 2.5 }, 'Total Timeout (Milliseconds)'],
		[{ retryCount: -1 }, 'Retry Count'],
		[{ retryCount: 'many' as unknown as number }, 'Retry Count'],
		[{ retryOn: ['3xx'] }, 'Retry On'],
		[{ edgeRegion: 'mars' }, 'Edge Region'],
	])('rejects %j, naming %s', (options, optionLabel) => {
		const result = buildDeliveryFragment(options);
		expect(result).toMatchObject({ optionLabel });
		expect('problem' in result && result.problem).toContain(optionLabel);
	});
});
