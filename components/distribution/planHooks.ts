/**
 * The one way an offline planner (the package's `imagebuilder-distribution` plan CLI, or another tool that
 * runs a program under Pulumi's mocks) tells the library what its mocks stand in for. The library reads
 * no environment variable: the planner calls {@link setOfflinePlanHooks} before it runs the program, and
 * puts the previous hooks back when it is done.
 *
 * The hooks live on `globalThis` under a `Symbol.for` key, not in this module: the program may load its
 * own copy of the package (from its `node_modules`) while the planner runs another, and both copies
 * must read the same hooks. Each copy reads the key when it needs the hooks, so hooks set after a copy
 * was loaded still reach it.
 */

/** What an offline planner's mocks give instead of real values. Absent members stand for nothing. */
export interface OfflinePlanHooks {
    /**
     * The value the planner gives secret config it cannot decrypt. A secret Output whose value is exactly
     * this string is treated as unknown, as a value in preview is, instead of being validated as if it were
     * real. Default: none (every secret is validated).
     */
    readonly secretPlaceholder?: string;
    /**
     * The account id the planner's mocked `getCallerIdentity` / `getAccountId` answer with. That id does
     * not name the deploying account, so the rules that need it are left undecided. Default: none (the
     * looked-up account is taken as the deploying account).
     */
    readonly accountPlaceholder?: string;
}

/** The key of the hooks on `globalThis`, the same in every copy of the package. */
const HOOKS_KEY = Symbol.for("pulumi-imagebuilder-distribution:offline-plan-hooks");

/** `globalThis` with the hooks' slot. */
type WithHooks = { [HOOKS_KEY]?: OfflinePlanHooks };

/**
 * Sets the hooks of an offline plan for every copy of the package in this process; `undefined` clears
 * them. Empty strings count as absent.
 * @returns the hooks set before, to be set again when the plan is done.
 */
export function setOfflinePlanHooks(hooks: OfflinePlanHooks | undefined): OfflinePlanHooks | undefined {
    const slot = globalThis as WithHooks;
    const previous = slot[HOOKS_KEY];
    if (hooks === undefined) {
        delete slot[HOOKS_KEY];
    } else {
        slot[HOOKS_KEY] = Object.freeze({ ...hooks });
    }
    return previous;
}

/** The hooks of the offline plan that runs this process, if any. */
export function offlinePlanHooks(): OfflinePlanHooks {
    return (globalThis as WithHooks)[HOOKS_KEY] ?? {};
}

/** True when `v` is the (non-empty) placeholder an offline planner gives secret config. */
export function isOfflineSecretPlaceholder(v: unknown): boolean {
    return isPlaceholder(offlinePlanHooks().secretPlaceholder, v);
}

/** True when `v` is the (non-empty) account id an offline planner's mocks answer with. */
export function isOfflineAccountPlaceholder(v: unknown): boolean {
    return isPlaceholder(offlinePlanHooks().accountPlaceholder, v);
}

function isPlaceholder(placeholder: string | undefined, v: unknown): boolean {
    return placeholder !== undefined && placeholder !== "" && v === placeholder;
}
