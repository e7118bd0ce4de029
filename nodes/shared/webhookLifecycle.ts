import type { IHookFunctions } from 'n8n-workflow';

/**
 * Plivo has no webhook registration: a callback URL travels with each "start recording"
 * call, and a resume URL belongs to one execution. So there is nothing to create, look up
 * or delete on Plivo's side when a workflow is activated or deactivated.
 */
export const noWebhookRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};
