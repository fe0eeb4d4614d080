/** Sharing and launch permissions: who may launch the AMI, and what an encrypted AMI can be shared with. */
import { UNKNOWN } from "../values";
import { SettingsRule } from "./types";
import { get } from "./util";

const LP = "amiDistributionConfiguration.launchPermission";
const KMS = "amiDistributionConfiguration.kmsKeyId";

/** The launch permission members that share an AMI with other accounts (not the public group). */
export const SHARING_MEMBERS = ["userIds", "organizationArns", "organizationalUnitArns"] as const;

/** The launch permission groups that are strings, with their index. */
function groupsOf(settings: unknown): [string, number][] {
    const groups = get(settings, "amiDistributionConfiguration", "launchPermission", "userGroups");
    if (!Array.isArray(groups)) {
        return [];
    }
    const out: [string, number][] = [];
    groups.forEach((g, i) => {
        if (g !== UNKNOWN && typeof g === "string" && g.length > 0) {
            out.push([g, i]);
        }
    });
    return out;
}

export const SHARING_RULES: readonly SettingsRule[] = [
    {
        code: "launch-permission-group",
        description: 'a launch permission group other than "all" (the only group EC2 has)',
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchPermission.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            for (const [g, i] of groupsOf(settings)) {
                if (g !== "all") {
                    report({
                        path: `${LP}.userGroups[${i}]`,
                        value: g,
                        rule: 'is not a launch permission group: the only group is "all"',
                        fix: 'use "all" for a public AMI, or userIds / organizationArns to share with accounts',
                    });
                }
            }
        },
    },
    {
        code: "public-ami-not-allowed",
        description: 'launch permission group "all" (a public AMI) while the component\'s allowPublicAmis is not true',
        source: "component",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, args, where }, report) {
            if (args.allowPublicAmis === true) {
                return;
            }
            for (const [g, i] of groupsOf(settings)) {
                if (g === "all") {
                    report({
                        path: `${LP}.userGroups[${i}]`,
                        value: g,
                        rule: `"all" makes the AMI public to every AWS account${where}, and allowPublicAmis is not true`,
                        fix: "set allowPublicAmis: true on the component if the AMI really must be public; otherwise share with userIds or organizationArns",
                    });
                }
            }
        },
    },
    {
        code: "encrypted-public-ami",
        description:
            'a kmsKeyId on an AMI made public with launch permission group "all": EBS shares only unencrypted snapshots publicly',
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, where }, report) {
            const kms = get(settings, "amiDistributionConfiguration", "kmsKeyId");
            const groups = get(settings, "amiDistributionConfiguration", "launchPermission", "userGroups");
            if (typeof kms === "string" && kms.length > 0 && Array.isArray(groups) && groups.includes("all")) {
                report({
                    path: KMS,
                    value: kms,
                    rule: `encrypts the AMI${where}, and launchPermission.userGroups "all" makes it public; EBS shares only unencrypted snapshots publicly`,
                    fix: "leave kmsKeyId out of a public AMI, or share the AMI with userIds, organizationArns or organizationalUnitArns instead of making it public",
                });
            }
        },
    },
];
