import { createHash } from "crypto";

/** The longest configuration name the API accepts. */
export const MAX_NAME_LENGTH = 128;

/**
 * The default name of a distribution configuration: `<component name>-<stack>-<8 hex digits>`, the
 * digits a hash of project, stack and component name. Characters the API does not take become `-`,
 * and the readable part is shortened so that the whole stays within `maxLength` characters: the API's
 * 128 by default; the component passes 126 on backend "aws", whose provider accepts no more.
 *
 * - deterministic: the same component in the same stack always gets the same name;
 * - valid for the API's `ResourceName` pattern;
 * - distinct for every project and stack, so two stacks deploying to one account and region never
 *   collide (the hash covers what sanitizing or shortening loses).
 *
 * Name is create-only in AWS: a changed name replaces the configuration.
 */
export function defaultConfigurationName(
    componentName: string,
    project: string,
    stack: string,
    maxLength: number = MAX_NAME_LENGTH,
): string {
    const hash = createHash("sha256")
        .update(`${project}\u0000${stack}\u0000${componentName}`)
        .digest("hex")
        .slice(0, 8);
    const readable = `${componentName}-${stack}`
        .replace(/[^-_A-Za-z0-9]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, maxLength - hash.length - 1)
        .replace(/-+$/, "");
    return readable === "" ? `distribution-${hash}` : `${readable}-${hash}`;
}
