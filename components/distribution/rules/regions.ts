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

/** The home region as known: `homeRegion`, else the provider's or the stack's region. */
function homeRegionOf(args: Readonly<Record<string, unknown>>, providerRegion: string | undefined): string | undefined {
    const home = typeof args.homeRegion === "string" ? args.homeRegion : providerRegion;
    return home !== undefined && isRegionCode(home) ? home : undefined;
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
        check({ args, entries, secretAt, providerRegion }, report) {
            const home = homeRegionOf(args, providerRegion);
            const homeSecret = home !== undefined && args.homeRegion === home && secretAt("homeRegion");
            const regions: { region: string; path: string; secret: boolean }[] = [];
            for (const e of entries) {
                const region = regionIn(e.value);
                if (typeof region === "string" && isRegionCode(region)) {
                    regions.push({ region, path: e.entry.regionPath, secret: e.secretAt("region") });
                }
            }
            if (regions.length === 0) {
                return;
            }
            const reference = home ?? regions[0].region;
            const partition = partitionOf(reference);
            if (regions.every((r) => partitionOf(r.region) === partition)) {
                return;
            }
            // Regions by partition, named unless secret.
            const byPartition = new Map<string, string[]>();
            for (const r of [...(home !== undefined ? [{ region: home, secret: homeSecret }] : []), ...regions]) {
                const list = byPartition.get(partitionOf(r.region)) ?? [];
                const shown = r.secret ? "[secret]" : r.region;
                if (!list.includes(shown)) {
                    list.push(shown);
                }
                byPartition.set(partitionOf(r.region), list);
            }
            const listed = [...byPartition].map(([p, rs]) => `${p}: ${someOf(rs)}`).join("; ");
            const against =
                home !== undefined
                    ? `the home region ${homeSecret ? "" : `${home} `}is in partition ${partition}`
                    : `${regions[0].secret ? "the first region" : regions[0].region} is in partition ${partition}`;
            for (const r of regions) {
                if (partitionOf(r.region) !== partition) {
                    report({
                        path: r.path,
                        value: r.region,
                        secret: r.secret,
                        rule: `is in partition ${partitionOf(r.region)}, but ${against}; a configuration distributes within one partition (${listed})`,
                        fix: `use one configuration (and one provider) per partition, or remove the regions of other partitions`,
                    });
                }
            }
        },
    },
];
