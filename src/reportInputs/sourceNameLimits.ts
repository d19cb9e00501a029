/** Longest `service` or `instance` name a query or an instance status may give. */
export const MAX_SOURCE_PARAM_LENGTH = 256;

// C0 and C1 control characters, DEL included: never part of a name worth showing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
