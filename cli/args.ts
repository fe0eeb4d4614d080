/** The command line of the plan command. */
import { UsageError } from "./errors";

/** The output format. */
export type Format = "human" | "json" | "markdown";

/** Parsed arguments. */
export interface PlanArgs {
    /** The program directory (default `.`). */
    dir: string;
    stack?: string;
    format: Format;
    /** A plan saved with `--json` to compare with. */
    diff?: string;
    /** Send each planned request to AWS as a dry run (`dryRun: true`) and report what AWS says. */
    verify: boolean;
    verbose: boolean;
    help: boolean;
    version: boolean;
}

/** The usage text. */
export const USAGE = `Usage: imagebuilder-distribution [PROGRAM_DIR] [--stack NAME] [--json | --markdown] [--diff BASE.json] [--verify]

Plans a Pulumi program that uses MultiRegionDistribution, offline: runs it under Pulumi's mock
runtime (no cloud, no credentials, no Pulumi CLI) and prints the distribution configurations it
would create, region by region.

Arguments:
  PROGRAM_DIR        the directory of Pulumi.yaml (default: the current directory)

Options:
  --stack NAME       the stack whose Pulumi.<NAME>.yaml config the program gets (default: the
                     only Pulumi.<stack>.yaml of the directory, else "dev"; a stack without
                     its file is refused when the directory has other stacks' files)
  --json             print one JSON document: resources, CreateDistributionConfiguration
                     requests, outputs (save it to compare with later)
  --markdown         print GitHub-flavoured markdown, for a pull-request comment or job summary
  --diff BASE.json   compare with a plan saved with --json: what each configuration and region
                     adds, removes or changes, and which change replaces a configuration
  --verify           then ask AWS: send each planned CreateDistributionConfiguration request with
                     dryRun: true (nothing is created) to Image Builder in the configuration's
                     home region, signed with the default AWS credential chain, and report per
                     configuration: accepted, rejected (AWS's code and message) or not verified
                     (needs @aws-sdk/client-imagebuilder; without --verify nothing is sent)
  --verbose          print the stack trace of a program that fails
  -h, --help         print this help
  --version          print the version

Exit codes:
  0   the plan was printed (with or without changes against --diff); with --verify, AWS
      accepted every request
  1   invalid input: a MultiRegionDistribution rejected its arguments (the message lists why),
      or with --verify AWS rejected a request
  2   the program failed: it threw, or a resource or invoke failed
  3   with --verify: some request could not be verified (no credentials, access denied, network,
      values not known before deployment) and none was rejected
  64  usage: bad arguments, no Pulumi.yaml, a runtime other than nodejs, no @pulumi/pulumi
      installed for the program, a stack to choose or without its config file, an unreadable
      --diff file, --verify without @aws-sdk/client-imagebuilder installed
`;

/**
 * Parses the arguments (without `node` and the script).
 * @throws UsageError for anything it does not understand.
 */
export function parseArgs(argv: readonly string[]): PlanArgs {
    const args: PlanArgs = { dir: ".", format: "human", verify: false, verbose: false, help: false, version: false };
    const positional: string[] = [];
    const formats: Format[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=")
                ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
                : [arg, undefined];
        const value = (): string => {
            if (inline !== undefined) {
                if (inline === "") {
                    throw new UsageError(`${flag} needs a value`);
                }
                return inline;
            }
            const next = argv[i + 1];
            if (next === undefined || (next.startsWith("-") && next !== "-")) {
                throw new UsageError(`${flag} needs a value`);
            }
            i++;
            return next;
        };
        const noValue = () => {
            if (inline !== undefined) {
                throw new UsageError(`${flag} takes no value`);
            }
        };
        switch (flag) {
            case "--stack":
            case "-s":
                args.stack = value();
                break;
            case "--json":
                noValue();
                formats.push("json");
                break;
            case "--markdown":
                noValue();
                formats.push("markdown");
                break;
            case "--diff":
                args.diff = value();
                break;
            case "--verify":
                noValue();
                args.verify = true;
                break;
            case "--verbose":
            case "-v":
                noValue();
                args.verbose = true;
                break;
            case "--help":
            case "-h":
                noValue();
                args.help = true;
                break;
            case "--version":
                noValue();
                args.version = true;
                break;
            case "--":
                positional.push(...argv.slice(i + 1));
                i = argv.length;
                break;
            default:
                if (arg.startsWith("-") && arg !== "-") {
                    throw new UsageError(`unknown option ${flag}`);
                }
                positional.push(arg);
        }
    }
    if (positional.length > 1) {
        throw new UsageError(
            `one program directory at most; got ${positional.map((p) => JSON.stringify(p)).join(", ")}`,
        );
    }
    if (positional.length === 1) {
        args.dir = positional[0];
    }
    const distinct = [...new Set(formats)];
    if (distinct.length > 1) {
        throw new UsageError("--json and --markdown cannot be combined; choose one");
    }
    if (distinct.length === 1) {
        args.format = distinct[0];
    }
    return args;
}
