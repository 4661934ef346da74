/* SPDX-License-Identifier: MIT */
package org.libdpss;

import java.time.LocalDate;

/** Conversions between {@link LocalDate} and libdpss day numbers (days since 1970-01-01). */
final class Dates {
  /** The day number that stands for "no date" ({@code DPSS_DATE_NONE}). */
  static final int NONE = Integer.MIN_VALUE;

  private Dates() {}

  static int toDay(LocalDate date) {
    if (date == null) {
      return NONE;
    }
    long day = date.toEpochDay();
    if (day <= NONE || day > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("date out of range");
    }
    return (int) day;
  }

  static LocalDate fromDay(int day) {
    return day == NONE ? null : LocalDate.ofEpochDay(day);
  }
}
