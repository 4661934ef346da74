/* SPDX-License-Identifier: MIT */
package org.libdpss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The Java binding: the shared case suite, exceptions, ownership, threads. */
class DpssTest {
  static final Path TESTS = Paths.get(System.getProperty("dpss.tests", "tests"));
  static final Path DATA = TESTS.resolveSibling("examples").resolve("data");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);

  static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static void subset(Object want, Object got, String path) {
    if (want instanceof Map) {
      assertTrue(got instanceof Map, path + " is not an object");
      for (Map.Entry<String, Object> e : ((Map<String, Object>) want).entrySet()) {
        Map<String, Object> g = (Map<String, Object>) got;
        assertTrue(g.containsKey(e.getKey()), path + "." + e.getKey() + " missing");
        subset(e.getValue(), g.get(e.getKey()), path + "." + e.getKey());
      }
    } else if (want instanceof List) {
      List<Object> w = (List<Object>) want;
      assertTrue(got instanceof List && ((List<Object>) got).size() == w.size(), path);
      for (int i = 0; i < w.size(); i++) {
        subset(w.get(i), ((List<Object>) got).get(i), path + "[" + i + "]");
      }
    } else {
      assertEquals(want, got, path);
    }
  }

  @SuppressWarnings("unchecked")
  static void runCase(Path file) {
    Map<String, Object> c = (Map<String, Object>) MiniJson.parse(read(file));
    if (c.containsKey("framework")) {
      try (Framework f = Framework.fromJson(MiniJson.write(c.get("framework")))) {
        for (Object o : (List<Object>) c.get("add")) {
          Map<String, Object> step = (Map<String, Object>) o;
          String calloff = MiniJson.write(step.get("call_off"));
          if ("OK".equals(step.get("expect"))) {
            f.addCalloff(calloff);
          } else {
            DpssException e = assertThrows(DpssException.class, () -> f.addCalloff(calloff));
            assertEquals(step.get("expect"), e.getName());
          }
        }
        for (Object o : (List<Object>) c.getOrDefault("expect_committed", new ArrayList<>())) {
          Map<String, Object> w = (Map<String, Object>) o;
          assertEquals(w.get("pence"), f.committed((String) w.get("commissioner"),
              ((Long) w.get("year")).intValue()));
        }
      }
      return;
    }
    try (Policy policy = c.containsKey("policy")
            ? Policy.fromJson(MiniJson.write(c.get("policy"))) : Policy.defaultPolicy()) {
      for (Object a : (List<Object>) c.getOrDefault("set", new ArrayList<>())) {
        policy.set((String) a);
      }
      LocalDate asOf = LocalDate.parse((String) c.get("as_of"));
      String recipient = MiniJson.write(c.get("recipient"));
      if (c.containsKey("expect_error")) {
        Map<String, Object> err = (Map<String, Object>) c.get("expect_error");
        DpssException e = assertThrows(DpssException.class, () -> Recipient.fromJson(recipient));
        assertEquals(err.get("code"), e.getName());
        if (err.containsKey("field")) {
          assertEquals(err.get("field"), e.getField());
        }
        return;
      }
      try (Recipient r = Recipient.fromJson(recipient);
          Decision d = Dpss.evaluate(policy, r, asOf)) {
        Map<String, Object> got = (Map<String, Object>) MiniJson.parse(d.toJson());
        if (c.containsKey("expect")) {
          subset(c.get("expect"), got, "$");
        }
        if (c.containsKey("network")) {
          try (Network net = Network.fromJson(MiniJson.write(c.get("network")), policy, asOf);
              Routing o = net.route(r)) {
            subset(c.get("expect_routing"), MiniJson.parse(o.toJson()), "routing");
          }
        }
        if (c.containsKey("payments")) {
          Map<String, Object> range = (Map<String, Object>) c.get("payments");
          try (Schedule s = Schedule.build(policy, r, LocalDate.parse((String) range.get("from")),
                  LocalDate.parse((String) range.get("to")))) {
            subset(c.get("expect_payments"), MiniJson.parse(s.toJson()), "payments");
          }
        }
        for (Object want : (List<Object>) c.getOrDefault("trace_includes", new ArrayList<>())) {
          boolean found = false;
          for (Object entry : (List<Object>) got.get("trace")) {
            try {
              subset(want, entry, "trace");
              found = true;
              break;
            } catch (AssertionError notThis) {
              // try the next entry
            }
          }
          assertTrue(found, "trace lacks " + MiniJson.write(want));
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> caseSuite() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(TESTS.resolve("cases"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "no cases found");
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
        () -> runCase(f)));
  }

  @Test
  void typedGetters() {
    try (Policy p = Policy.defaultPolicy();
        Recipient r = Recipient.fromJson(read(DATA.resolve("recipient.json")));
        Decision d = Dpss.evaluate(p, r, AS_OF)) {
      assertEquals("R-000123", d.id());
      assertEquals(AS_OF, d.asOf());
      assertEquals(Eligibility.ELIGIBLE, d.eligibility());
      assertEquals(Via.SELF, d.via());
      assertEquals(Tier.START_UP, d.tier());
      assertEquals(LocalDate.of(2027, 1, 5), d.tierEnds());
      assertEquals(300000L, d.thresholdPence());
      assertEquals(10000L, d.excessPence());
      assertEquals(Fact.TRUE, d.reclaim());
      assertEquals(1L, d.escalationCount());
      assertEquals("I-1", d.escalationIssue(0));
      assertEquals(21, d.escalationOpenDays(0));
      assertEquals(LocalDate.of(2027, 7, 1), d.reviewDue());
      assertNull(d.auditDue());
      assertEquals(1, d.applied("S1"));
      assertEquals("£100.00", Dpss.formatMoney(d.excessPence()));
    }
  }

  @Test
  void exceptionsCarryCodeMessageAndField() {
    DpssException e = assertThrows(DpssException.class,
        () -> Recipient.fromJson("{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\","
            + "\"weekly_pence\":-1}]}"));
    assertEquals(-5, e.getCode());
    assertEquals("ERANGE", e.getName());
    assertEquals("funding[0].weekly_pence", e.getField());
    assertTrue(e.getMessage().contains("funding[0].weekly_pence"));
    DpssException syntax = assertThrows(DpssException.class,
        () -> Recipient.fromJson("{\n\"id\": \"R-1\",\n\"kind\" \"adult\"}"));
    assertEquals("ESYNTAX", syntax.getName());
    assertEquals(3, syntax.getLine());
    try (Policy p = Policy.defaultPolicy()) {
      String before = p.toJson();
      DpssException bad = assertThrows(DpssException.class,
          () -> p.set("surplus_threshold_weeks=0"));
      assertEquals("ERANGE", bad.getName());
      assertEquals(before, p.toJson());
      p.set("surplus_threshold_weeks=8");
      assertEquals(8L, p.get("surplus_threshold_weeks", AS_OF));
    }
    assertThrows(DpssException.class, () -> Dpss.evaluate(null, null, AS_OF));
  }

  @Test
  void handlesAreAutoCloseableAndCloseTwiceSafely() {
    Policy p = Policy.defaultPolicy();
    p.close();
    p.close();
    Recipient r = new Recipient("R-9");
    r.setFact(FactField.HAS_CAPACITY, Fact.TRUE);
    r.setDate(DateField.DP_START, LocalDate.of(2024, 2, 29));
    assertEquals(LocalDate.of(2024, 2, 29), r.getDate(DateField.DP_START));
    assertEquals(Fact.TRUE, r.getFact(FactField.HAS_CAPACITY));
    assertNull(r.getDate(DateField.LAST_AUDIT));
    r.close();
  }

  @Test
  void manyThreadsEvaluateAgainstOnePolicy() throws Exception {
    List<String> lines = Files.readAllLines(DATA.resolve("caseload.jsonl"));
    try (Policy policy = Policy.defaultPolicy()) {
      List<String> expected = new ArrayList<>();
      for (String line : lines) {
        try (Recipient r = Recipient.fromJson(line); Decision d = Dpss.evaluate(policy, r, AS_OF)) {
          expected.add(d.toJson());
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          int wrong = 0;
          for (int round = 0; round < 5; round++) {
            for (int i = 0; i < lines.size(); i++) {
              try (Recipient r = Recipient.fromJson(lines.get(i));
                  Decision d = Dpss.evaluate(policy, r, AS_OF)) {
                wrong += d.toJson().equals(expected.get(i)) ? 0 : 1;
              }
            }
          }
          return wrong;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(0, f.get().intValue());
      }
      pool.shutdown();
    }
  }

  @Test
  void frameworkRefusesPastACapAndSavesAtomically() throws IOException {
    Path dir = Files.createTempDirectory("dpss-fw");
    Path file = dir.resolve("framework.json");
    try (Framework f = Framework.fromFile(DATA.resolve("framework.json").toString())) {
      assertEquals(137280L, f.committed("CITY", 1));
      f.save(file.toString());
      byte[] before = Files.readAllBytes(file);
      DpssException e = assertThrows(DpssException.class, () -> f.addCalloff(
          "{\"commissioner\":\"CITY-CCG\",\"recipient\":\"R-9\",\"start\":\"2021-05-01\","
              + "\"end\":\"2021-06-01\",\"items\":[{\"service\":\"one_off_issue\","
              + "\"quantity\":1109}]}"));
      assertEquals("ECAP", e.getName());
      assertEquals(2L, f.calloffCount());
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
      String id = f.addCalloff("{\"id\":\"C-J\",\"commissioner\":\"CITY\",\"recipient\":\"R-9\","
          + "\"start\":\"2021-05-01\",\"end\":\"2021-06-01\",\"items\":[{\"service\":"
          + "\"payroll\",\"quantity\":1}]}");
      assertEquals("C-J", id);
      f.save(file.toString());
    }
    try (Framework g = Framework.fromFile(file.toString())) {
      assertEquals(3L, g.calloffCount());
    }
    Files.delete(file);
    Files.delete(dir);
  }

  @Test
  void ledgerRecordsRefusesAndExports() throws Exception {
    Path dir = Files.createTempDirectory("dpss-ledger");
    String file = dir.resolve("notts.ledger").toString();
    String big = "{\"commissioner\":\"CITY-CCG\",\"recipient\":\"R-9\",\"start\":\"2021-05-01\","
        + "\"end\":\"2021-06-01\",\"items\":[{\"service\":\"one_off_issue\",\"quantity\":1109}]}";
    try (Framework f = Framework.fromFile(DATA.resolve("framework.json").toString());
        Ledger led = Ledger.create(file, f)) {
      assertEquals(2L, led.count());
      String before = led.export();
      DpssException e = assertThrows(DpssException.class, () -> led.add(big));
      assertEquals("ECAP", e.getName());
      assertTrue(e.getMessage().contains("rule F2"));
      assertEquals(before, led.export());
      assertEquals("C-J", led.add("{\"id\":\"C-J\",\"commissioner\":\"CITY\","
          + "\"recipient\":\"R-9\",\"start\":\"2021-05-01\",\"end\":\"2021-06-01\","
          + "\"approved_by\":\"DASS\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}"));
      assertEquals(137280L + 30000L, led.committed("CITY", 1));
      assertThrows(DpssException.class, () -> Ledger.create(file, f));
    }
    /* Two threads, a handle each: nothing lost. */
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      final int k = t;
      done.add(pool.submit(() -> {
        int n = 0;
        try (Ledger led = Ledger.open(file, LedgerFlag.READ_WRITE)) {
          for (int i = 0; i < 50; i++, n++) {
            led.add("{\"id\":\"T" + k + "-" + i + "\",\"commissioner\":\"COUNTY\","
                + "\"recipient\":\"R-9\",\"start\":\"2021-05-01\",\"end\":\"2021-05-01\","
                + "\"items\":[{\"service\":\"one_off_issue\",\"quantity\":1}]}");
          }
        }
        return n;
      }));
    }
    for (Future<Integer> d : done) {
      assertEquals(50, d.get().intValue());
    }
    pool.shutdown();
    try (Ledger led = Ledger.open(file, LedgerFlag.READ_ONLY); Framework g = led.framework()) {
      assertEquals(103L, g.calloffCount());
      assertEquals(100L * 4500, led.committed("COUNTY", 1));
      String json = led.export();
      assertTrue(json.contains("\"approved_by\":\"DASS\""));
      assertTrue(json.contains("\"recorded_at\":\""));
      assertTrue(json.contains("\"rules\":[\"F1\",\"F2\",\"F3\"]"));
      assertEquals("EIO", assertThrows(DpssException.class, () -> led.add(big)).getName());
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Test
  void summaries() {
    try (Policy p = Policy.defaultPolicy(); Summary s = new Summary()) {
      for (String line : read(DATA.resolve("caseload.jsonl")).split("\n")) {
        try (Recipient r = Recipient.fromJson(line); Decision d = Dpss.evaluate(p, r, AS_OF)) {
          s.add(d);
        }
      }
      assertEquals(240L, s.count().longValue());
      assertTrue(s.toText().contains("Caseload summary"));
    } catch (Exception e) {
      fail(e);
    }
  }
}
