/** Regions and partitions: the form of a distribution's region. */
import { isRegionCode, partitionOf } from "../regions";
import { ConfigRule, RegionalRule } from "./types";
import { regionIn, someOf } from "./util";
import { lengthOf } from "./model";

export const REGION_RULES: readonly RegionalRule[] = [
    {
        code: "region-code",
        description: "a region that is not a region code (a display name, an availability zone, capitals)",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints",
        regional: true,
        severity: "error",
        scope: "entry",
        check({ region }, report) {
            // Only a region the model accepts (1 to 1024 characters) is checked for its form: one problem a value.
            if (typeof region === "string" && region.length > 0 && !isRegionCode(region) && lengthOf(region) <= 1024) {
                report({
                    path: "region",
                    value: region,
                    rule: "must be a region code such as us-east-1, eu-central-2, us-gov-west-1 or cn-north-1 (lowercase, no availability-zone letter)",
                    fix: "use the region's code, not its display name or an availability zone",
                });
            }
        },
    },
];

/** The home region as known: `homeRegion` (unless it is ignored), else the provider's or the stack's region. */
function homeRegionOf(
    args: Readonly<Record<string, unknown>>,
    providerRegion: string | undefined,
    homeRegionIgnored: boolean,
): string | undefined {
    const home = typeof args.homeRegion === "string" && !homeRegionIgnored ? args.homeRegion : providerRegion;
    return home !== undefined && isRegionCode(home) ? home : undefined;
}

/** How region `r` differs from the reference region's partition, naming no partition of a secret region. */
function partitionMismatch(
    r: { partition: string; secret: boolean },
    reference: { name: string; secret: boolean },
    partition: string,
): string {
    if (r.secret && reference.secret) {
        return `is in another partition than ${reference.name}`;
    }
    if (r.secret) {
        return `is not in partition ${partition}, where ${reference.name} is`;
    }
    return `is in partition ${r.partition}, but ${reference.name} is in ${reference.secret ? "another" : `partition ${partition}`}`;
}

export const PARTITION_RULES: readonly ConfigRule[] = [
    {
        code: "partition-mixed",
        description:
            "target regions (and the home region, where known) of more than one partition (aws, aws-cn, aws-us-gov, ...): EC2's CopyImage does not copy across partitions",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html",
        regional: true,
        severity: "error",
        scope: "config",
        check({ args, entries, secretAt, providerRegion, homeRegionIgnored }, report) {
            const home = homeRegionOf(args, providerRegion, homeRegionIgnored);
            // Each target region with its partition: the usual case ends at the first comparison.
            const targets: { region: string; partition: string; entry: (typeof entries)[number] }[] = [];
            for (const e of entries) {
                const region = regionIn(e.value);
                if (typeof region === "string" && isRegionCode(region)) {
                    targets.push({ region, partition: partitionOf(region), entry: e });
                }
            }
            if (targets.length === 0) {
                return;
            }
            const partition = partitionOf(home ?? targets[0].region);
            if (targets.every((t) => t.partition === partition)) {
                return;
            }
            const homeSecret = home !== undefined && args.homeRegion === home && secretAt("homeRegion");
            const regions = targets.map((t) => ({ ...t, secret: t.entry.secretAt("region") }));
            // Regions by partition. A secret region is named by neither its code nor its partition (which
            // would narrow it to a few regions): it is counted apart.
            const byPartition = new Map<string, string[]>();
            const homeFirst = home !== undefined ? [{ region: home, partition, secret: homeSecret }] : [];
            let secrets = 0;
            for (const r of [...homeFirst, ...regions]) {
                if (r.secret) {
                    secrets++;
                    continue;
                }
                const list = byPartition.get(r.partition) ?? [];
                if (!list.includes(r.region)) {
                    list.push(r.region);
                }
                byPartition.set(r.partition, list);
            }
            const listed = [
                ...[...byPartition].map(([p, rs]) => `${p}: ${someOf(rs)}`),
                ...(secrets > 0 ? ["secret regions not shown"] : []),
            ].join("; ");
            // The region the others are compared with: the home region where known, else the first target.
            const reference =
                home !== undefined
                    ? { name: homeSecret ? "the home region" : `the home region ${home}`, secret: homeSecret }
                    : { name: regions[0].secret ? "the first region" : regions[0].region, secret: regions[0].secret };
            for (const r of regions) {
                if (r.partition === partition) {
                    continue;
                }
                const mismatch = partitionMismatch(r, reference, partition);
                report({
                    path: r.entry.entry.regionPath,
                    value: r.region,
                    secret: r.secret,
                    rule: `${mismatch}; a configuration distributes within one partition (${listed})`,
                    fix: `use one configuration (and one provider) per partition, or remove the regions of other partitions`,
                });
            }
        },
    },
];
