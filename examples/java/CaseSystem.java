/* SPDX-License-Identifier: MIT */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDate;
import org.libdpss.Decision;
import org.libdpss.Dpss;
import org.libdpss.DpssException;
import org.libdpss.Eligibility;
import org.libdpss.Fact;
import org.libdpss.Policy;
import org.libdpss.Recipient;

/**
 * A case-system style caller: read a recipient record the case system holds, ask libdpss
 * for the decision, act on it, and keep the explanation with the case.
 *
 * <pre>
 * java -Djava.library.path=_build/bindings/java/.libs -cp _build/bindings/java/libdpss.jar:. \
 *     CaseSystem examples/data/recipient.json 2026-11-22
 * </pre>
 */
public class CaseSystem {
  public static void main(String[] args) throws Exception {
    String json = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
    LocalDate asOf = args.length > 1 ? LocalDate.parse(args[1]) : LocalDate.now();
    try (Policy policy = Policy.defaultPolicy();
        Recipient recipient = Recipient.fromJson(json);
        Decision d = Dpss.evaluate(policy, recipient, asOf)) {
      System.out.println("Case " + d.id() + " as of " + d.asOf());
      if (d.eligibility() == Eligibility.UNDETERMINED) {
        for (long i = 0; i < d.missingCount(); i++) {
          System.out.println("  ask for: " + d.missing(i));
        }
      }
      System.out.println("  eligibility: " + d.eligibility() + ", tier: " + d.tier());
      if (d.reclaim() == Fact.TRUE) {
        System.out.println("  surplus: reclaim " + Dpss.formatMoney(d.excessPence())
            + " (tell the person the amount and date first)");
      }
      for (long i = 0; i < d.escalationCount(); i++) {
        if (d.escalationReview(i) != 0) {
          System.out.println("  escalate issue " + d.escalationIssue(i) + ": open "
              + d.escalationOpenDays(i) + " days, care manager review");
        }
      }
      System.out.println("  next review: " + d.reviewDue());
      System.out.println("  why:");
      for (long i = 0; i < d.traceCount(); i++) {
        System.out.println("    " + d.traceRule(i) + " " + d.traceOutcome(i) + ": "
            + d.traceBecause(i));
      }
    } catch (DpssException e) {
      System.err.println("rejected: " + e.getName() + " at " + e.getField() + ": "
          + e.getMessage());
      System.exit(1);
    }
  }
}
