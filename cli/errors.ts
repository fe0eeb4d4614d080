/** The errors of the plan command. */

/** An error that stops the command before the program runs (exit code 64). */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
        Object.setPrototypeOf(this, UsageError.prototype);
    }
}
