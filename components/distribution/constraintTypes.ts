/** The constraints that AWS's service model states for one shape, as the generator writes them. */
export interface ShapeConstraint {
    /** The shape's kind. */
    type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | string;
    /** Required members of a structure. */
    required?: string[];
    /** A structure's members: member name to shape name. */
    members?: Record<string, string>;
    /** A list's member shape. */
    member?: string;
    /** A map's key shape. */
    key?: string;
    /** A map's value shape. */
    value?: string;
    /** Minimum length (strings, in characters), size (lists, maps) or value (integers). */
    min?: number;
    /** Maximum length, size or value. */
    max?: number;
    /** A regular expression the whole string is tested against, as the model writes it. */
    pattern?: string;
    /** The allowed values of a string. */
    enum?: string[];
}
