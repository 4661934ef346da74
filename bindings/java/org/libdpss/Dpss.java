/* SPDX-License-Identifier: MIT */
package org.libdpss;

import java.time.LocalDate;

/**
 * The entry points of libdpss for Java.
 *
 * <pre>{@code
 * try (Policy policy = Policy.defaultPolicy();
 *      Recipient r = Recipient.fromJson(json);
 *      Decision d = Dpss.evaluate(policy, r, LocalDate.of(2026, 11, 22))) {
 *   if (d.reclaim() == Fact.TRUE) {
 *     System.out.println("pay back " + d.excessPence() + " pence");
 *   }
 *   System.out.println(d.toJson());
 * }
 * }</pre>
 *
 * <p>Every handle ({@link Policy}, {@link Recipient}, {@link Decision}, {@link Summary}) owns
 * C memory and is {@link AutoCloseable}: close it, or use try-with-resources. Evaluation only
 * reads the policy and the recipient, so many threads may evaluate against one policy at
 * once. Failures throw the unchecked {@link DpssException}.
 */
public final class Dpss {
  private Dpss() {}

  /**
   * Evaluate a recipient under a policy on a date (rules E, P, T, S and R).
   *
   * @param policy the policy
   * @param recipient the recipient
   * @param asOf the date of the decision
   * @return the decision; the caller closes it
   * @throws DpssException if an argument is null or the date is out of range
   */
  public static Decision evaluate(Policy policy, Recipient recipient, LocalDate asOf) {
    if (policy == null || recipient == null || asOf == null) {
      throw new DpssException(-1, "EINVAL", "policy, recipient and date must not be null", "",
          0, 0);
    }
    return DpssNative.evaluate(policy, recipient, asOf);
  }

  /** @return the run-time library version, e.g. "0.1.0" */
  public static String version() {
    return DpssNative.versionString();
  }

  /**
   * Format pence as pounds.
   *
   * @param pence the amount
   * @return e.g. "£1,234.56"
   */
  public static String formatMoney(long pence) {
    return DpssNative.moneyFormat(pence);
  }
}
