/* SPDX-License-Identifier: MIT */
package org.libdpss;

/**
 * A libdpss call failed: bad input, a value out of range, malformed JSON.
 *
 * <p>Unchecked, like {@link IllegalArgumentException}. Carries the library's status code
 * (a negative {@code DPSS_E*} value, see {@link Status}), its name, the message, the path of
 * the field at fault and, for malformed JSON, the line and column. Messages name fields and
 * record ids, never personal values.
 */
public class DpssException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The status code, a negative {@code DPSS_E*} value. */
  private final int code;
  /** The status code's name, e.g. "EINVAL". */
  private final String name;
  /** The path of the field at fault, or "". */
  private final String field;
  /** The line in the JSON text, or 0. */
  private final int line;
  /** The column in the JSON text, or 0. */
  private final int column;

  /**
   * Made by the native code; not normally constructed by callers.
   *
   * @param code the status code (negative)
   * @param name the code's name, e.g. "EINVAL"
   * @param message what was wrong
   * @param field the field path, or "" when no field is at fault
   * @param line the line in JSON text (0 when not known)
   * @param column the column in JSON text (0 when not known)
   */
  public DpssException(int code, String name, String message, String field, int line,
      int column) {
    super(message);
    this.code = code;
    this.name = name;
    this.field = field;
    this.line = line;
    this.column = column;
  }

  /** @return the status code, a negative {@code DPSS_E*} value */
  public int getCode() {
    return code;
  }

  /** @return the status code's name, e.g. "ECONFLICT" */
  public String getName() {
    return name;
  }

  /** @return the path of the field at fault, e.g. "funding[1].weekly_pence", or "" */
  public String getField() {
    return field;
  }

  /** @return the line in the JSON text, or 0 */
  public int getLine() {
    return line;
  }

  /** @return the column in the JSON text, or 0 */
  public int getColumn() {
    return column;
  }
}
