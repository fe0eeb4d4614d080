/**
 * Names: the AMI's name (unique per build, in EC2's characters) and the configuration's name, which must
 * not normalize like another configuration's in one account and home region.
 */
import { SHAPES } from "../constraints.generated";
import { lengthOf, regex } from "./model";
import { ProgramRule, SettingsRule } from "./types";
import { get } from "./util";

const NAME = "amiDistributionConfiguration.name";

/** `{{ imagebuilder:buildDate }}`, with or without spaces inside the braces (AWS's examples write both). */
const BUILD_DATE = /\{\{\s*imagebuilder:buildDate\s*\}\}/;

/** Image Builder's `{{ ... }}` variables, which it replaces before EC2 sees the name. */
const VARIABLE = /\{\{[^{}]*\}\}/g;

/** What EC2 accepts in an AMI name: letters, digits, spaces and ( ) [ ] . / - ' @ _ (CreateImage, CopyImage). */
const EC2_AMI_NAME_CHAR = /[A-Za-z0-9 ()[\]./\-'@_]/;

/**
 * The normalized form of a distribution configuration's name, from which Image Builder derives its ARN:
 * names that differ only in case, spaces or underscores count as the same name in one account and
 * region. Lower case, with each space and underscore read as `-` (the form of Image Builder's ARNs,
 * `distribution-configuration/my-config`).
 * @param name the configuration's name as given.
 * @returns the name as Image Builder compares it; two names collide when these are equal.
 */
export function normalizedConfigurationName(name: string): string {
    return name.toLowerCase().replace(/[ _]/g, "-");
}

/**
 * Two configurations whose names normalize alike ({@link normalizedConfigurationName}) in one account and
 * home region: Image Builder derives the same ARN from both, so the second fails. No one configuration
 * breaks it: the component checks it across one program's components (`../nameClaims.ts`), the policy
 * pack across a stack.
 */
export const NAME_COLLISION_RULE: ProgramRule = {
    code: "name-collision",
    description:
        "two distribution configurations whose names differ only in case, spaces or underscores (Golden_Images, golden images) in one account and home region: Image Builder derives the same ARN from both, and the second fails (checked across one program's components, and by the policy pack across a stack)",
    source: "aws-docs",
    url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateDistributionConfiguration.html",
    regional: false,
    severity: "error",
    scope: "program",
};

/** The rules of the AMI's name, for each distribution. */
export const NAME_RULES: readonly SettingsRule[] = [
    {
        code: "ami-name-build-date",
        description:
            "an AMI name without {{ imagebuilder:buildDate }} (spaces inside the braces optional): AWS rejects it at create time; an omitted name is valid",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_AmiDistributionConfiguration.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            const name = get(settings, "amiDistributionConfiguration", "name");
            if (typeof name === "string" && !BUILD_DATE.test(name)) {
                report({
                    path: NAME,
                    value: name,
                    rule: "must include {{ imagebuilder:buildDate }} so that each build produces a uniquely named AMI (AWS rejects the name otherwise, {{ imagebuilder:buildVersion }} alone included)",
                    fix: "add {{ imagebuilder:buildDate }} to the name, or leave the name out for Image Builder's own",
                });
            }
        },
    },
    {
        code: "ami-name-characters",
        description:
            "an AMI name with characters EC2 does not take once the {{ }} variables are set aside (only letters, digits, spaces and ( ) [ ] . / - ' @ _): a ':' passes Image Builder's pattern and fails when EC2 copies the image",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, secretAt }, report) {
            const name = get(settings, "amiDistributionConfiguration", "name");
            const shape = SHAPES.AmiNameString;
            // A name the model rejects is reported once, by the model.
            if (typeof name !== "string" || lengthOf(name) > shape.max! || !regex(shape.pattern!).test(name)) {
                return;
            }
            const bad = [...new Set(Array.from(name.replace(VARIABLE, "")).filter((c) => !EC2_AMI_NAME_CHAR.test(c)))];
            if (bad.length > 0) {
                const shown = secretAt(NAME) ? "characters" : bad.map((c) => JSON.stringify(c)).join(", ");
                report({
                    path: NAME,
                    value: name,
                    rule: `holds ${shown} that EC2 does not take in an AMI name (letters, digits, spaces and ( ) [ ] . / - ' @ _ only, outside the {{ }} variables)`,
                    fix: "replace them, for example with '-'",
                    secretFix: "replace the characters other than letters, digits, spaces and ( ) [ ] . / - ' @ _",
                });
            }
        },
    },
];
