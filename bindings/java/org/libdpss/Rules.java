/* SPDX-License-Identifier: MIT */
package org.libdpss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The rule catalogue: every rule id libdpss applies, with its statement as libdpss applies
 * it, its source and the policy parameters it uses, for case workers reading a trace.
 *
 * <pre>{@code
 * Rules.Rule s1 = Rules.get("S1");
 * System.out.println(s1.id() + " " + s1.title() + " (" + s1.source() + ")");
 * for (Rules.Rule r : Rules.all()) { ... }
 * }</pre>
 */
public final class Rules {
  private Rules() {}

  /** One rule of the catalogue. Immutable. */
  public static final class Rule {
    private final String id;
    private final String title;
    private final String statement;
    private final String source;
    private final List<String> parameters;

    private Rule(int index) {
      this.id = DpssNative.ruleId(index);
      this.title = DpssNative.ruleTitle(index);
      this.statement = DpssNative.ruleStatement(index);
      this.source = DpssNative.ruleSource(index);
      String p = DpssNative.ruleParameters(index);
      this.parameters = p.isEmpty() ? Collections.emptyList()
          : Collections.unmodifiableList(Arrays.asList(p.split(",")));
    }

    /** @return the rule id, e.g. "S1" */
    public String id() {
      return id;
    }

    /** @return the short title, e.g. "Escalation of one-off issues" */
    public String title() {
      return title;
    }

    /** @return the statement as libdpss applies it */
    public String statement() {
      return statement;
    }

    /** @return where the rule comes from, e.g. "COUNTY para 16" */
    public String source() {
      return source;
    }

    /** @return the names of the policy parameters the rule uses (may be empty) */
    public List<String> parameters() {
      return parameters;
    }

    /** @return the id and the title, e.g. "S1 Surplus above the threshold" */
    @Override
    public String toString() {
      return id + " " + title;
    }
  }

  /** @return the number of rules in the catalogue */
  public static int count() {
    return (int) DpssNative.ruleCount();
  }

  /** @return every rule, in the catalogue's order */
  public static List<Rule> all() {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      rules.add(new Rule(i));
    }
    return Collections.unmodifiableList(rules);
  }

  /**
   * A rule by its id.
   *
   * @param id a rule id, e.g. "T3"
   * @return the rule, or null when there is no such rule
   */
  public static Rule get(String id) {
    int i = id == null ? -1 : DpssNative.ruleFind(id);
    return i < 0 ? null : new Rule(i);
  }

  /** @return the whole catalogue as JSON: an array of {id, title, statement, source,
   *     parameters} */
  public static String toJson() {
    return DpssNative.rulesJson();
  }
}
