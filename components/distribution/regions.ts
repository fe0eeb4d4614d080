/** Region codes and partitions. Checked by form, so that a region AWS opens tomorrow works today. */

/**
 * The form of a region code: a 2 to 4 letter area, one or more lowercase words, and a number without a
 * leading zero (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`, `us-isob-east-1`,
 * `eusc-de-east-1`).
 */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-[1-9][0-9]?$/;

/** True when `region` has the form of a region code. */
export function isRegionCode(region: string): boolean {
    return REGION_PATTERN.test(region);
}

/** The region prefix of each partition other than `aws` (`cn-north-1` is in `aws-cn`). */
const PARTITION_OF_PREFIX: Readonly<Record<string, string>> = {
    cn: "aws-cn",
    "us-gov": "aws-us-gov",
    "us-isob": "aws-iso-b",
    "us-isof": "aws-iso-f",
    "eu-isoe": "aws-iso-e",
    "us-iso": "aws-iso",
    eusc: "aws-eusc",
};

/** The prefix of a region of another partition than `aws`: one of {@link PARTITION_OF_PREFIX}'s keys. */
const OTHER_PARTITION_PREFIX = new RegExp(`^(${Object.keys(PARTITION_OF_PREFIX).join("|")})-`);

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, ...). */
export function partitionOf(region: string): string {
    const m = OTHER_PARTITION_PREFIX.exec(region);
    return m === null ? "aws" : PARTITION_OF_PREFIX[m[1]];
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`), or undefined. */
export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** Splits an ARN into its parts; undefined when `s` is not an ARN. */
export function parseArn(s: string): Arn | undefined {
    const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(s);
    if (!m) {
        return undefined;
    }
    return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

/** The edit distance of two short strings, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
    const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = dp[0];
        dp[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = dp[j];
            dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return dp[b.length];
}

/** The candidate closest to `s`, when it is close enough to be a likely typo. */
export function closest(s: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestD = Infinity;
    for (const c of candidates) {
        const d = editDistance(s.toLowerCase(), c.toLowerCase());
        if (d < bestD) {
            best = c;
            bestD = d;
        }
    }
    return best !== undefined && bestD <= Math.max(2, Math.floor(s.length / 3)) ? best : undefined;
}
