/* SPDX-License-Identifier: MIT */
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.libdpss.Decision;
import org.libdpss.Dpss;
import org.libdpss.Policy;
import org.libdpss.Recipient;

/** Measure one evaluate() from Java (not a test; prints figures). */
public class BenchJava {
  public static void main(String[] args) throws Exception {
    LocalDate asOf = LocalDate.of(2026, 11, 22);
    List<String> lines = Files.readAllLines(Paths.get(args[0]));
    try (Policy p = Policy.defaultPolicy()) {
      List<Recipient> rs = new ArrayList<>();
      for (int i = 0; i < Math.min(1000, lines.size()); i++) {
        rs.add(Recipient.fromJson(lines.get(i)));
      }
      int n = 1000000;
      for (int round = 0; round < 2; round++) { // the first round warms the JIT
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
          try (Decision d = Dpss.evaluate(p, rs.get(i % rs.size()), asOf)) {
            if (d == null) {
              throw new AssertionError();
            }
          }
        }
        double per = (System.nanoTime() - t) / 1e9 / n;
        System.out.printf("java evaluate(): %.2f us per call (%,.0f /s)%n", per * 1e6, 1 / per);
      }
      long t = System.nanoTime();
      int count = 0;
      for (String line : lines) {
        try (Recipient r = Recipient.fromJson(line); Decision d = Dpss.evaluate(p, r, asOf)) {
          count += d.toJson().length() > 0 ? 1 : 0;
        }
      }
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("java parse + evaluate + toJson: %,.0f records/s%n", count / s);
      for (Recipient r : rs) {
        r.close();
      }
    }
  }
}
