/**
 * The benchmark's workload: N distribution configurations, each fanned out to R regions with AMI
 * settings, sharing and one launch template, written two ways:
 *
 * - `componentArgs`: the arguments of one `MultiRegionDistribution` (regions x defaults);
 * - `handDistributions`: exactly the distributions the component sends to `@pulumi/aws` for the same
 *   configuration, written out by hand (same content, same sizes, same order), the floor.
 *
 * Plain data only: no Pulumi import, so that the worker decides what is loaded and when.
 */

/** Real region codes, sorted (the component sends its entries sorted by region). */
export const REGIONS: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/** The accounts the AMI is copied to and shared with. */
export const ACCOUNTS: readonly string[] = ["111122223333", "444455556666", "777788889999"];

/** The launch template whose default version is set (the API's default, `setDefaultVersion: true`). */
export const LAUNCH_TEMPLATE_ID = "lt-0123456789abcdef0";

/** The regions of a configuration fanned out to `count` regions. */
export function regionsFor(count: number): string[] {
    if (count < 1 || count > REGIONS.length) {
        throw new Error(`regions per configuration must be 1 to ${REGIONS.length}, got ${count}`);
    }
    return REGIONS.slice(0, count);
}

/** The resource (and component) name of configuration `i`. */
export function resourceName(i: number): string {
    return `golden-${i}`;
}

/** The AMI settings of configuration `i`, in the API's shape with map keys sorted. */
function amiSettings(i: number): Record<string, unknown> {
    return {
        name: `golden-${i}-{{ imagebuilder:buildDate }}`,
        description: `Golden image ${i}, hardened`,
        targetAccountIds: [...ACCOUNTS],
        amiTags: { Config: `c${i}`, ManagedBy: "pulumi", Team: "platform" },
        launchPermission: { userIds: [...ACCOUNTS] },
    };
}

/** The tags of configuration `i`, keys sorted. */
function configTags(i: number): Record<string, string> {
    return { Config: `c${i}`, Owner: "platform" };
}

/** The arguments of the component for configuration `i`. */
export function componentArgs(i: number, regions: readonly string[]): Record<string, unknown> {
    return {
        name: resourceName(i),
        regions: [...regions],
        defaults: {
            amiDistributionConfiguration: amiSettings(i),
            launchTemplateConfigurations: [{ launchTemplateId: LAUNCH_TEMPLATE_ID }],
        },
        tags: configTags(i),
    };
}

/** The `@pulumi/aws` inputs that the component registers for configuration `i`, written by hand. */
export function handInputs(i: number, regions: readonly string[]): Record<string, unknown> {
    return {
        name: resourceName(i),
        distributions: regions.map((region) => ({
            region,
            amiDistributionConfiguration: amiSettings(i),
            launchTemplateConfigurations: [{ launchTemplateId: LAUNCH_TEMPLATE_ID, default: true }],
        })),
        tags: configTags(i),
    };
}

/**
 * Arguments for the validation throughput: `configs` configurations of `regions` regions each, with
 * per-region overrides on every other region (so that deep merge and origin tracking do real work).
 */
export function validationArgs(configs: number, regions: number): Record<string, unknown>[] {
    const rs = regionsFor(regions);
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < configs; i++) {
        const args = componentArgs(i, rs);
        const overrides: Record<string, unknown> = {};
        rs.forEach((r, k) => {
            if (k % 2 === 1) {
                overrides[r] = { amiDistributionConfiguration: { description: `Golden image ${i} for ${r}` } };
            }
        });
        args.overrides = overrides;
        out.push(args);
    }
    return out;
}
