/** Fast launch (Windows): what EC2 accepts when Image Builder enables it. */
import { UNKNOWN } from "../values";
import { SettingsRule } from "./types";
import { get } from "./util";

/** EC2's minimum for fast launch's parallel launches. */
export const MIN_PARALLEL_LAUNCHES = 6;

/** Each fast launch configuration of the settings, with its index. */
function eachFastLaunch(settings: unknown, f: (c: unknown, base: string) => void): void {
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
                // EC2 reads the number when it enables fast launch; a disabled configuration never sends it there,
                // and while `enabled` is unknown the rule waits for it.
                const enabled = get(c, "enabled");
                if (
                    enabled !== false &&
                    enabled !== UNKNOWN &&
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
                if (id !== undefined && id !== null && name !== undefined && name !== null) {
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
];
