/**
 * Orders parameters alphabetically by the name the editor shows, as n8n lists a collection's
 * options. A plain comparison, not `localeCompare`: that loads the ICU collation data the first
 * time (about 10 ms, paid while n8n loads the package), and these names are plain English.
 */
export function byDisplayName(a: { displayName: string }, b: { displayName: string }): number {
	const first = a.displayName.toLowerCase();
	const second = b.displayName.toLowerCase();
	return first < second ? -1 : first > second ? 1 : 0;
}
