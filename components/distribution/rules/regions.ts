/** Regions and partitions: the form of a distribution's region. */
import { isRegionCode } from "../regions";
import { RegionalRule } from "./types";
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
