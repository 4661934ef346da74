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
import org.junit.jupiter.api.io.TempDir;
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

  /** The policy of a case: "policy", "policy_file" (from the top of the tree) or the
   * built-in one, with "set" applied. */
  @SuppressWarnings("unchecked")
  static Policy casePolicy(Map<String, Object> c) {
    Policy p = c.containsKey("policy_file")
        ? Policy.fromFile(TESTS.resolveSibling((String) c.get("policy_file")).toString())
        : c.containsKey("policy") ? Policy.fromJson(MiniJson.write(c.get("policy")))
        : Policy.defaultPolicy();
    for (Object a : (List<Object>) c.getOrDefault("set", new ArrayList<>())) {
      p.set((String) a);
    }
    return p;
  }

  @SuppressWarnings("unchecked")
  static void runReferrals(Map<String, Object> c, Policy policy, LocalDate asOf) {
    List<Object> refs;
    if (c.containsKey("referrals")) {
      refs = (List<Object>) c.get("referrals");
    } else {
      refs = new ArrayList<>();
      Map<String, Object> base = (Map<String, Object>) c.get("referral_template");
      long n = (Long) c.get("referral_count");
      for (long i = 0; i < n; i++) {
        Map<String, Object> r = new java.util.LinkedHashMap<>(base);
        r.put("id", (base.containsKey("id") ? base.get("id") : "R") + "-" + (i + 1));
        refs.add(r);
      }
    }
    List<Object> wanted = (List<Object>) c.getOrDefault("expect_routings", new ArrayList<>());
    Map<String, Long> counts = new java.util.HashMap<>();
    try (Network net = Network.fromJson(MiniJson.write(c.get("network")), policy, asOf)) {
      for (int i = 0; i < refs.size(); i++) {
        try (Recipient r = Recipient.fromJson(MiniJson.write(refs.get(i)));
            Routing o = net.route(r)) {
          Map<String, Object> got = (Map<String, Object>) MiniJson.parse(o.toJson());
          Object prov = got.get("provider");
          counts.merge(prov == null ? "unrouted" : (String) prov, 1L, Long::sum);
          if (i < wanted.size()) {
            subset(wanted.get(i), got, "routing " + (i + 1));
          }
        }
      }
    }
    Map<String, Object> bounds = (Map<String, Object>) c.getOrDefault("expect_routed",
        new java.util.HashMap<>());
    for (Map.Entry<String, Object> e : bounds.entrySet()) {
      long n = counts.getOrDefault(e.getKey(), 0L);
      Map<String, Object> b = (Map<String, Object>) e.getValue();
      assertTrue(!b.containsKey("min") || n >= (Long) b.get("min"), e.getKey() + " " + counts);
      assertTrue(!b.containsKey("max") || n <= (Long) b.get("max"), e.getKey() + " " + counts);
    }
  }

  @SuppressWarnings("unchecked")
  static void runCaseload(Map<String, Object> c, Policy policy, LocalDate asOf) {
    Network net = c.containsKey("network")
        ? Network.fromJson(MiniJson.write(c.get("network")), policy, asOf) : null;
    Market market = c.containsKey("expect_market") ? new Market(net, policy, asOf) : null;
    Transition tr = null;
    if (c.containsKey("transition")) {
      Map<String, Object> t = (Map<String, Object>) c.get("transition");
      tr = new Transition(net, policy, LocalDate.parse((String) t.get("start")));
    }
    Return ret = null;
    if (c.containsKey("return")) {
      Map<String, Object> r = (Map<String, Object>) c.get("return");
      ret = new Return(policy, LocalDate.parse((String) r.get("from")),
          LocalDate.parse((String) r.get("to")), (String) r.get("provider"));
      if (r.containsKey("framework")) {
        try (Framework f = Framework.fromJson(MiniJson.write(r.get("framework")))) {
          ret.addSpend(f);
        }
      }
    }
    try {
      for (Object o : (List<Object>) c.get("caseload")) {
        try (Recipient r = Recipient.fromJson(MiniJson.write(o))) {
          if (market != null) {
            market.add(r);
          }
          if (tr != null) {
            tr.add(r);
          }
          if (ret != null) {
            ret.add(r);
          }
        }
      }
      if (market != null) {
        subset(c.get("expect_market"), MiniJson.parse(market.toJson()), "market");
      }
      if (ret != null) {
        subset(c.get("expect_return"), MiniJson.parse(ret.toJson()), "return");
      }
      if (tr != null) {
        String[] lines = tr.toJsonl().split("\n");
        int at = 0;
        for (Object want : (List<Object>) c.get("expect_transition")) {
          boolean found = false;
          while (!found && at < lines.length) {
            try {
              subset(want, MiniJson.parse(lines[at++]), "transition");
              found = true;
            } catch (AssertionError notThis) {
              // the next line
            }
          }
          assertTrue(found, "transition lacks, in order, " + MiniJson.write(want));
        }
      }
    } finally {
      if (market != null) {
        market.close();
      }
      if (tr != null) {
        tr.close();
      }
      if (ret != null) {
        ret.close();
      }
      if (net != null) {
        net.close();
      }
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
    try (Policy policy = casePolicy(c)) {
      if (c.containsKey("expect_audit") || c.containsKey("statement")
          || c.containsKey("statement_csv")) {
        runAuditCase(c, policy);
        return;
      }
      LocalDate asOf = LocalDate.parse((String) c.get("as_of"));
      if (c.containsKey("expect_network_error")) {
        Map<String, Object> err = (Map<String, Object>) c.get("expect_network_error");
        DpssException e = assertThrows(DpssException.class,
            () -> Network.fromJson(MiniJson.write(c.get("network")), policy, asOf));
        assertEquals(err.get("code"), e.getName());
        if (err.containsKey("field")) {
          assertEquals(err.get("field"), e.getField());
        }
        return;
      }
      if (c.containsKey("referrals") || c.containsKey("referral_count")) {
        runReferrals(c, policy, asOf);
        return;
      }
      if (c.containsKey("caseload")) {
        runCaseload(c, policy, asOf);
        return;
      }
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

  static long penceOrNone(Object v) {
    return v instanceof Long ? (Long) v : DpssNative.penceNone();
  }

  /** An audit case of the shared suite (see tests/test_cases.c). */
  @SuppressWarnings("unchecked")
  static void runAuditCase(Map<String, Object> c, Policy policy) {
    Mapping mapping = c.containsKey("mapping") ? Mapping.fromJson(MiniJson.write(c.get("mapping")))
        : null;
    StringBuilder lines = new StringBuilder();
    if (!c.containsKey("statement_csv")) {
      for (Object line : (List<Object>) c.get("statement")) {
        lines.append(MiniJson.write(line)).append('\n');
      }
    }
    try (Recipient r = Recipient.fromJson(MiniJson.write(c.get("recipient")));
        Statement st = c.containsKey("statement_csv")
            ? Statement.fromCsv((String) c.get("statement_csv"), mapping)
            : Statement.fromJsonl(lines.toString(), mapping)) {
      List<Object> want = (List<Object>) c.getOrDefault("expect_statement_errors",
          new ArrayList<>());
      assertEquals(want.size(), st.errorCount(), "statement errors");
      for (int i = 0; i < want.size(); i++) {
        Map<String, Object> w = (Map<String, Object>) want.get(i);
        assertEquals(w.get("line"), st.errorLine(i));
        assertEquals(w.get("column"), st.errorColumn(i));
        assertEquals(w.get("field"), st.errorField(i));
        assertEquals(w.get("code"), DpssNative.statusName(st.errorCode(i)));
      }
      LocalDate from = LocalDate.parse((String) c.get("from"));
      LocalDate to = LocalDate.parse((String) c.get("to"));
      long opening = penceOrNone(c.get("opening_pence"));
      long closing = penceOrNone(c.get("closing_pence"));
      if (c.containsKey("expect_error")) {
        Map<String, Object> err = (Map<String, Object>) c.get("expect_error");
        DpssException e = assertThrows(DpssException.class,
            () -> Audit.run(policy, r, st, from, to, opening, closing));
        assertEquals(err.get("code"), e.getName());
        if (err.containsKey("field")) {
          assertEquals(err.get("field"), e.getField());
        }
        return;
      }
      try (Audit a = Audit.run(policy, r, st, from, to, opening, closing)) {
        subset(c.get("expect_audit"), MiniJson.parse(a.toJson()), "audit");
      }
    } finally {
      if (mapping != null) {
        mapping.close();
      }
    }
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) {
    String missing = dir.resolve("no-such-statement.csv").toString();
    DpssException e = assertThrows(DpssException.class, () -> Statement.fromCsvFile(missing, null));
    assertEquals("EIO", e.getName());
    assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
    String policy = dir.resolve("no-such-policy.json").toString();
    e = assertThrows(DpssException.class, () -> Policy.fromFile(policy));
    assertTrue(e.getMessage().startsWith(policy + ": "), e.getMessage());
    /* an error that is not about a file keeps its message as it is */
    e = assertThrows(DpssException.class, () -> Policy.fromJson("{"));
    assertFalse(e.getMessage().contains(policy), e.getMessage());
  }

  @Test
  void auditRecordsItsOutcome() {
    try (Recipient r = Recipient.fromJson("{\"id\":\"R-1\"}");
        Statement st = new Statement()) {
      st.addLine(LocalDate.of(2026, 1, 5), -500, DpssNative.penceNone(), LineType.OTHER, "Shop",
          "Shop", "food_drink");
      try (Audit a = Audit.run(null, r, st, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31),
              500, 0)) {
        assertEquals(AuditOutcome.MISUSE_SUSPECTED, a.outcome());
        assertEquals(1L, a.findingCount());
        assertEquals("prohibited_spend", a.findingKind(0));
        assertEquals(1L, a.findingLine(0, 0));
        assertTrue(a.toHtml(st).startsWith("<!DOCTYPE html>"));
        a.record(r);
        assertTrue(r.toJson().contains("\"outcome\":\"misuse_suspected\""));
        assertTrue(r.toJson().contains("\"last_audit\":\"2026-01-31\""));
        assertTrue(r.toJson().contains("\"last_audit_outcome\":\"misuse_suspected\""));
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
      assertTrue(s.toJson().contains("\"policy\":{\"id\":\"nottinghamshire\""), s.toJson());
      try (Policy w = Policy.defaultPolicy(); Summary t = new Summary();
          Recipient r = Recipient.fromJson("{\"id\":\"R-1\"}")) {
        w.set("surplus_threshold_weeks=8");
        try (Decision d = Dpss.evaluate(w, r, AS_OF)) {
          t.add(d);
        }
        assertTrue(t.toJson().contains("\"overrides\":{\"surplus_threshold_weeks\":8}"), t.toJson());
      }
    } catch (Exception e) {
      fail(e);
    }
  }

  // ---------------------------------------------- rules, comparisons, batches (issues 10-12)

  @Test
  void rulesCatalogue() {
    List<Rules.Rule> all = Rules.all();
    assertEquals(Rules.count(), all.size());
    assertTrue(all.size() > 40);
    Rules.Rule s1 = Rules.get("S1");
    assertEquals("S1", s1.id());
    assertTrue(s1.parameters().contains("surplus_threshold_weeks"));
    assertFalse(s1.statement().isEmpty() || s1.source().isEmpty() || s1.title().isEmpty());
    assertNull(Rules.get("Z9"));
    assertNull(Rules.get(null));
    List<Object> json = (List<Object>) MiniJson.parse(Rules.toJson());
    assertEquals(all.size(), json.size());
    for (int i = 0; i < all.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) json.get(i);
      assertEquals(all.get(i).id(), r.get("id"));
      assertEquals(all.get(i).parameters(), r.get("parameters"));
    }
    String type = DpssNative.paramType(0);
    assertTrue(List.of("integer", "boolean", "choice", "period", "list").contains(type));
    assertNull(DpssNative.paramType(100000));
  }

  @Test
  void comparisonAgreesWithTwoEvaluations() throws IOException {
    List<String> lines = Files.readAllLines(DATA.resolve("caseload.jsonl"));
    try (Policy base = Policy.defaultPolicy(); Policy alt = base.copy()) {
      alt.set("surplus_threshold_weeks=8");
      compareBoth(lines, base, alt);
    }
  }

  @SuppressWarnings("unchecked")
  private static void compareBoth(List<String> lines, Policy base, Policy alt) {
    try (Comparison byHand = new Comparison(base, alt);
        Comparison inOne = new Comparison(base, alt)) {
      assertTrue(alt.overridden("surplus_threshold_weeks"));
      assertFalse(base.overridden("surplus_threshold_weeks"));
      assertEquals("{\"surplus_threshold_weeks\":8}", alt.overridesJson());
      assertEquals("{}", base.overridesJson());
      int changed = 0;
      int reclaimFlips = 0;
      long before = 0;
      long after = 0;
      for (String line : lines) {
        try (Recipient r = Recipient.fromJson(line);
            Decision b = Dpss.evaluate(base, r, AS_OF);
            Decision a = Dpss.evaluate(alt, r, AS_OF)) {
          String change = byHand.add(b, a);
          String same = DpssNative.compareRecipient(inOne, base, alt, r, AS_OF, null, null);
          assertEquals(change, same);
          changed += change == null ? 0 : 1;
          reclaimFlips += b.reclaim() == a.reclaim() ? 0 : 1;
          before += b.reclaim() == Fact.TRUE ? b.excessPence() : 0;
          after += a.reclaim() == Fact.TRUE ? a.excessPence() : 0;
          if (change != null) {
            Map<String, Object> c = (Map<String, Object>) MiniJson.parse(change);
            assertEquals(r.id(), c.get("id"));
          }
        }
      }
      assertEquals(byHand.toJson(), inOne.toJson());
      assertEquals(byHand.toText(), inOne.toText());
      assertEquals(240, inOne.count().intValue());
      assertEquals(changed, inOne.changed().intValue());
      assertTrue(changed > 0);
      Map<String, Object> s = (Map<String, Object>) MiniJson.parse(inOne.toJson());
      assertEquals((long) reclaimFlips,
          ((Number) ((Map<String, Object>) s.get("flips")).get("surplus.reclaim")).longValue());
      Map<String, Object> money =
          (Map<String, Object>) ((Map<String, Object>) s.get("money")).get("to_reclaim");
      assertEquals(before, ((Number) money.get("before_pence")).longValue());
      assertEquals(after, ((Number) money.get("after_pence")).longValue());
      assertEquals(Map.of("surplus_threshold_weeks", 8L),
          ((Map<String, Object>) s.get("alternative")).get("overrides"));
      try (Recipient a = Recipient.fromJson("{\"id\":\"A\"}");
          Recipient b = Recipient.fromJson("{\"id\":\"B\"}");
          Decision da = Dpss.evaluate(base, a, AS_OF);
          Decision db = Dpss.evaluate(base, b, AS_OF)) {
        DpssException e = assertThrows(DpssException.class, () -> inOne.add(da, db));
        assertEquals("EINVAL", e.getName());
        assertEquals(240, inOne.count().intValue());
      }
    }
  }

  @Test
  void batchReadsAndEvaluatesOnThreads() throws IOException {
    List<String> lines = Files.readAllLines(DATA.resolve("caseload.jsonl"));
    try (Policy policy = Policy.defaultPolicy();
        Reader in = Reader.open(DATA.resolve("caseload.jsonl").toString(), ReaderFormat.AUTO);
        Batch batch = new Batch()) {
      int got = batch.evaluateReader(in, policy, AS_OF, 1000, BatchFlag.KEEP_TEXT.swigValue(), 2);
      assertEquals(ReadResult.END.swigValue(), got);
      assertEquals(240, batch.count());
      assertEquals(0, batch.badCount());
      long[] excess = batch.column(Column.EXCESS_PENCE);
      long[] tiers = batch.column(Column.TIER);
      assertEquals(240, excess.length);
      for (int i = 0; i < lines.size(); i++) {
        try (Recipient r = Recipient.fromJson(lines.get(i));
            Decision d = Dpss.evaluate(policy, r, AS_OF)) {
          assertEquals(d.id(), batch.id(i));
          assertEquals(d.excessPence(), excess[i]);
          assertEquals(d.tier().swigValue(), tiers[i]);
          assertEquals(Dates.toDay(d.reviewDue()), batch.value(Column.REVIEW_DUE, i));
          assertEquals(lines.get(i), batch.text(i));
          assertEquals(i + 1, batch.record(i));
        }
      }
      assertEquals("surplus.excess_pence", Batch.columnName(Column.EXCESS_PENCE));
    }
    byte[] bad = "{\"id\":\"A\"}\n{\"id\":\"B\",\"kind\":7}\n{\"id\":\n{\"id\":\"D\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    try (Policy policy = Policy.defaultPolicy();
        Reader in = DpssNative.readerFromBytes(bad, "bad.jsonl", ReaderFormat.AUTO);
        Batch batch = new Batch()) {
      assertEquals(ReadResult.END.swigValue(), batch.evaluateReader(in, policy, AS_OF, 10, 0, 0));
      assertEquals(4, batch.count());
      assertEquals(2, batch.badCount());
      assertEquals(0, batch.errorCode(0));
      assertEquals(Status.ETYPE.swigValue(), batch.errorCode(1));
      assertEquals("kind", batch.errorField(1));
      assertEquals(2, batch.errorLine(1));
      assertEquals(Status.ESYNTAX.swigValue(), batch.errorCode(2));
      assertEquals(3, batch.errorLine(2));
      assertEquals("D", batch.id(3));
      assertEquals("", batch.text(3));
      DpssException e = assertThrows(DpssException.class,
          () -> batch.evaluateReader(in, policy, AS_OF, 0, 0, 1));
      assertEquals("EINVAL", e.getName());
    }
  }

  @Test
  void eventsRecoverFromAndRoutingsOutsideTheNetwork() {
    try (Policy policy = Policy.defaultPolicy();
        Recipient r = Recipient.fromJson("{\"id\":\"R-1\",\"has_capacity\":true,"
            + "\"consents\":true,\"excluding_order\":false,\"dp_start\":\"2026-01-05\","
            + "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000}],"
            + "\"balance\":{\"on\":\"2026-11-01\",\"pence\":310000}}")) {
      try (Decision d = Dpss.evaluate(policy, r, AS_OF)) {
        assertEquals(AS_OF.plusDays(policy.get("surplus_notice_days", AS_OF)), d.recoverFrom());
      }
      assertEquals(0, r.eventCount());
      r.addEvent(LocalDate.of(2026, 10, 1), EventKind.EVENT_CAPACITY_LOST);
      assertEquals(1, r.eventCount());
      assertTrue(r.toJson().contains("\"kind\":\"capacity_lost\""));
      assertThrows(DpssException.class, () -> r.addEvent(null, EventKind.EVENT_MISUSE_SUSPECTED));
      assertEquals(1, r.eventCount());
      try (Decision d = Dpss.evaluate(policy, r, AS_OF)) {
        assertEquals(1, d.applied("R1"));
      }
      assertEquals("", policy.description());
      try (Network net = Network.fromFile(DATA.resolve("network.json").toString(), policy, AS_OF);
          Routing inside = net.route(r)) {
        assertEquals(inside.provider() != null, inside.inNetwork());
        assertFalse(inside.joinsNetwork());
      }
    }
  }

  /** Every value an enum getter can return has its constant (SWIG once dropped those whose
   * names clashed: Method's bank account, Tier's and Via's unknown). */
  @Test
  void everyEnumValueOfTheSampleDecisionsHasItsConstant() throws IOException {
    java.util.Set<Object> seen = new java.util.HashSet<>();
    try (Policy policy = Policy.defaultPolicy()) {
      for (String line : Files.readAllLines(DATA.resolve("caseload.jsonl"))) {
        try (Recipient r = Recipient.fromJson(line); Decision d = Dpss.evaluate(policy, r, AS_OF)) {
          seen.addAll(List.of(d.method(), d.recommendedMethod(), d.tier(), d.via(),
              d.familyPayment(), d.eligibility()));
        }
      }
    }
    assertTrue(seen.containsAll(List.of(Method.METHOD_BANK_ACCOUNT, Tier.TIER_UNKNOWN,
        Via.VIA_NONE, Via.SELF, Eligibility.UNDETERMINED)), seen.toString());
    assertEquals(-1, Method.METHOD_UNKNOWN.swigValue());
    assertEquals(-1, FamilyPayment.FAMILY_UNDETERMINED.swigValue());
    assertEquals(1, Via.VIA_AUTHORISED_PERSON.swigValue());
    assertEquals(-1, Kind.KIND_UNKNOWN.swigValue());
    assertEquals(-1, Risk.RISK_UNKNOWN.swigValue());
    assertEquals(2, AuditOutcome.MISUSE_SUSPECTED.swigValue());
  }
}
