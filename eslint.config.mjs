// n8n's own community-node rules, exactly as its verification scanner applies them
// (@n8n/eslint-plugin-community-nodes recommended + eslint-plugin-n8n-nodes-base).
// Nothing is switched off here: what `npm run lint` passes, the scanner passes.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

export default [{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'tools/**'] }, ...(await buildScanConfig())];
