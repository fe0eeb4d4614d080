/** Fast launch (Windows): what EC2 accepts when Image Builder enables it. */
import { UNKNOWN } from "../values";
import { SettingsRule } from "./types";
import { get, someOf } from "./util";

/** EC2's minimum for fast launch's parallel launches. */
export const MIN_PARALLEL_LAUNCHES = 6;

/** The length of an EC2 launch template's name (CreateLaunchTemplate's `LaunchTemplateName`). */
const MIN_LAUNCH_TEMPLATE_NAME = 3;
const MAX_LAUNCH_TEMPLATE_NAME = 128;
/** The characters of an EC2 launch template's name. */
const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]+$/;

/** True for a name an EC2 launch template can have, of at most `max` characters (EC2's 128 by default). */
export function isLaunchTemplateName(name: string, max: number = MAX_LAUNCH_TEMPLATE_NAME): boolean {
    const length = [...name].length;
    return length >= MIN_LAUNCH_TEMPLATE_NAME && length <= max && LAUNCH_TEMPLATE_NAME.test(name);
}

/**
 * True when EC2 acts on a fast launch configuration (reads its template and parallel launches): it is
 * enabled. A disabled one never reaches EC2, and while `enabled` is unknown the rules wait for it.
 */
export function fastLaunchEnabled(c: unknown): boolean {
    const enabled = get(c, "enabled");
    return enabled !== false && enabled !== UNKNOWN;
}

/** Each fast launch configuration of the settings, with its index. */
export function eachFastLaunch(settings: unknown, f: (c: unknown, base: string) => void): void {
    const list = get(settings, "fastLaunchConfigurations");
    if (Array.isArray(list)) {
        list.forEach((c, i) => f(c, `fastLaunchConfigurations[${i}]`));
    }
}

export const FAST_LAUNCH_RULES: readonly SettingsRule[] = [
    {
        code: "fast-launch-parallel-launches",
        description: `an enabled fast launch with fewer than ${MIN_PARALLEL_LAUNCHES} parallel launches (EC2's minimum)`,
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableFastLaunch.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            eachFastLaunch(settings, (c, base) => {
                const mpl = get(c, "maxParallelLaunches");
                // EC2 reads the number when it enables fast launch.
                if (
                    fastLaunchEnabled(c) &&
                    typeof mpl === "number" &&
                    Number.isInteger(mpl) &&
                    mpl >= 1 &&
                    mpl < MIN_PARALLEL_LAUNCHES
                ) {
                    report({
                        path: `${base}.maxParallelLaunches`,
                        value: mpl,
                        rule: `must be at least ${MIN_PARALLEL_LAUNCHES} (EC2 fast launch rejects fewer parallel launches)`,
                        fix: `use ${MIN_PARALLEL_LAUNCHES} or more, or leave it out`,
                    });
                }
            });
        },
    },
    {
        code: "fast-launch-template-id-and-name",
        description: "a fast launch template named by both launchTemplateId and launchTemplateName (EC2 takes one)",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FastLaunchLaunchTemplateSpecificationRequest.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            eachFastLaunch(settings, (c, base) => {
                const id = get(c, "launchTemplate", "launchTemplateId");
                const name = get(c, "launchTemplate", "launchTemplateName");
                // Both must be known: an Output unknown in preview may still resolve to nothing.
                const given = (v: unknown) => v !== undefined && v !== null && v !== UNKNOWN;
                if (given(id) && given(name)) {
                    report({
                        path: `${base}.launchTemplate`,
                        value: get(c, "launchTemplate"),
                        rule: "names the launch template by both launchTemplateId and launchTemplateName; EC2 takes one",
                        fix: "keep launchTemplateId or launchTemplateName, not both",
                    });
                }
            });
        },
    },
    {
        code: "fast-launch-template-name",
        description: `an enabled fast launch whose template name no EC2 launch template can have (${MIN_LAUNCH_TEMPLATE_NAME} to ${MAX_LAUNCH_TEMPLATE_NAME} characters: letters, digits and ( ) . - / _)`,
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            eachFastLaunch(settings, (c, base) => {
                const name = get(c, "launchTemplate", "launchTemplateName");
                // EC2 looks the template up when it enables fast launch. The model's own bound (1 to 1,024
                // characters) is model-length's: one problem a value.
                if (!fastLaunchEnabled(c) || typeof name !== "string" || name.length === 0 || name.length > 1024) {
                    return;
                }
                if (!isLaunchTemplateName(name)) {
                    report({
                        path: `${base}.launchTemplate.launchTemplateName`,
                        value: name,
                        rule: `is no EC2 launch template name: ${MIN_LAUNCH_TEMPLATE_NAME} to ${MAX_LAUNCH_TEMPLATE_NAME} characters, letters, digits and ( ) . - / _ only (EC2 would not find the template when it enables fast launch)`,
                        fix: "use the launch template's name as EC2 shows it, or its launchTemplateId",
                    });
                }
            });
        },
    },
];

/**
 * The accounts of a list (`targetAccountIds`, `launchPermission.userIds`) that are not the deploying
 * account, as far as they are known.
 */
export interface OtherAccounts {
    /**
     * With the deploying account known, exactly the accounts of the list other than it. Without it, every
     * distinct account of the list: only one account deploys, so all of them but at most one are others.
     */
    readonly accounts: readonly string[];
    /** True when the deploying account was known, so that `accounts` are exactly the other accounts. */
    readonly exact: boolean;
}

/** No other account: the list is empty, absent, or not known offline. */
const NO_OTHERS: OtherAccounts = Object.freeze({ accounts: Object.freeze([]), exact: true });

/** The different accounts among target accounts given as strings, in order. */
export function distinctAccounts(targets: readonly unknown[]): string[] {
    return [...new Set(targets.filter((t): t is string => typeof t === "string"))];
}

/**
 * True when different target accounts name another account than the deploying one, whichever deploys:
 * two or more of them, since only one account deploys.
 */
export function namesAnotherAccount(accounts: readonly string[]): boolean {
    return accounts.length >= 2;
}

/**
 * The target accounts of the settings that are not the deploying account; undefined while undecided (one
 * target account, and the deploying account not looked up yet). Two different target accounts decide it
 * without the deploying account: at least one of them is another account.
 */
export function otherTargetAccounts(
    settings: unknown,
    deployingAccount: string | symbol | undefined,
    needsDeployingAccount: () => void,
): OtherAccounts | undefined {
    return otherAccounts(
        get(settings, "amiDistributionConfiguration", "targetAccountIds"),
        deployingAccount,
        needsDeployingAccount,
    );
}

/** {@link otherTargetAccounts} of any list of account ids (`launchPermission.userIds`). */
export function otherAccounts(
    list: unknown,
    deployingAccount: string | symbol | undefined,
    needsDeployingAccount: () => void,
): OtherAccounts | undefined {
    if (!Array.isArray(list)) {
        return NO_OTHERS;
    }
    const accounts = distinctAccounts(list);
    if (typeof deployingAccount === "string") {
        return { accounts: accounts.filter((a) => a !== deployingAccount), exact: true };
    }
    if (namesAnotherAccount(accounts)) {
        return { accounts, exact: false };
    }
    if (accounts.length === 0 || deployingAccount === UNKNOWN) {
        return NO_OTHERS;
    }
    needsDeployingAccount();
    return undefined;
}

/** The other accounts for a message: all of them, or which they are among when the deploying one is not known. */
export function describeOthers(others: OtherAccounts): string {
    return others.exact ? someOf(others.accounts) : `at least one of ${someOf(others.accounts)}`;
}

export const FAST_LAUNCH_ACCOUNT_RULES: readonly SettingsRule[] = [
    {
        code: "fast-launch-cross-account",
        description:
            "an enabled fast launch in a distribution that copies the AMI to other accounts (targetAccountIds). A warning, not an error: the user guide says Image Builder does not support it (fast launch must be enabled from the destination account), but no failure is reported and the model still takes a fast launch accountId",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/userguide/cross-account-dist.html",
        regional: false,
        severity: "warning",
        scope: "entry",
        check({ settings, where, secretAt, deployingAccount, needsDeployingAccount }, report) {
            const list = get(settings, "fastLaunchConfigurations");
            if (!Array.isArray(list)) {
                return;
            }
            const enabled = list.map((c, i) => [get(c, "enabled"), i] as const).filter(([e]) => e === true);
            if (enabled.length === 0) {
                return;
            }
            const others = otherTargetAccounts(settings, deployingAccount, needsDeployingAccount);
            if (others === undefined || others.accounts.length === 0) {
                return;
            }
            const shown = secretAt("amiDistributionConfiguration.targetAccountIds")
                ? "other accounts"
                : describeOthers(others);
            for (const [, i] of enabled) {
                report({
                    path: `fastLaunchConfigurations[${i}].enabled`,
                    value: true,
                    rule: `fast launch is enabled on an AMI that is copied to ${shown}${where}, and Image Builder does not support cross-account distribution of AMIs with fast launch pre-enabled`,
                    fix: "enable fast launch from the destination accounts instead",
                });
            }
        },
    },
];
