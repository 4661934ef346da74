/* SPDX-License-Identifier: MIT */
/* libdpss SWIG interface: one interface over the public headers for Python
 * and Java.
 *
 * Shape of what is generated:
 * - The four handles (policy, recipient, decision, summary) become classes
 *   whose constructors and destructors call the C _new/_free functions.
 *   Accessors whose C signature already fits are declared without a body,
 *   so SWIG calls the C function itself; methods that adapt a C call (an
 *   `out` parameter turned into a return value, a status turned into an
 *   exception) have short bodies here, named so as not to clash with the C
 *   functions, and %rename gives them their names in the target language.
 * - A negative status becomes an exception carrying the code, its name, the
 *   message, the field path, and the line and column: dpss.Error subclasses
 *   in Python, org.libdpss.DpssException in Java.
 * - dpss_date is datetime.date in Python and java.time.LocalDate in Java;
 *   DPSS_DATE_NONE is None / null. Money stays int64 pence.
 * - Every allocator is %newobject; strings the library allocates are freed
 *   with dpss_free().
 * The thin idiomatic layers live in bindings/python/dpss/__init__.py and
 * bindings/java/org/libdpss/*.java. */

#if defined(SWIGJAVA)
%module(package="org.libdpss") DpssNative
#else
%module(package="dpss") native
#endif

/* Names: Python's snake_case, Java's camelCase. */
%define DPSS_NAME(py, java, target)
#if defined(SWIGJAVA)
%rename(java) target;
#else
%rename(py) target;
#endif
%enddef

%{
#include "dpss.h"

/* The status of the last libdpss call made inside a wrapper on this thread;
 * the %exception block below turns a negative one into an exception. */
static _Thread_local int dpss_b_rc;
#define DPSS_B(expr)        \
  do {                      \
    int rc_ = (expr);       \
    if (rc_ < 0)            \
      dpss_b_rc = rc_;      \
  } while (0)
%}

%include <stdint.i>

/* ------------------------------------------------------------ exceptions */

#if defined(SWIGPYTHON)
%{
#include <datetime.h>

static PyObject *dpss_py_error_factory;

/* Raise the library's last error through the factory dpss/__init__.py
 * registers (it picks the dpss.Error subclass for the code). */
static void dpss_py_raise(int code) {
  const dpss_error *e = dpss_error_last();
  if (dpss_py_error_factory) {
    PyObject *exc = PyObject_CallFunction(dpss_py_error_factory, "isssii", code,
                                          dpss_status_name(code), dpss_error_message(e),
                                          dpss_error_field(e), dpss_error_line(e),
                                          dpss_error_column(e));
    if (exc) {
      PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
      Py_DECREF(exc);
    }
  } else {
    PyErr_SetString(PyExc_ValueError, dpss_error_message(e));
  }
}
%}

%init %{
  PyDateTime_IMPORT;
%}

%exception {
  dpss_b_rc = 0;
  $action
  if (dpss_b_rc < 0) {
    dpss_py_raise(dpss_b_rc);
    SWIG_fail;
  }
}

%inline %{
/* Called once by dpss/__init__.py with a callable
 * (code, name, message, field, line, column) -> exception instance. */
void set_error_factory(PyObject *factory) {
  Py_XINCREF(factory);
  Py_XDECREF(dpss_py_error_factory);
  dpss_py_error_factory = factory;
}
%}

/* dpss_date <-> datetime.date (None for DPSS_DATE_NONE). */
%typemap(in) dpss_date {
  if ($input == Py_None) {
    $1 = DPSS_DATE_NONE;
  } else if (PyDate_Check($input)) {
    if (dpss_date_from_ymd(&$1, PyDateTime_GET_YEAR($input), PyDateTime_GET_MONTH($input),
                           PyDateTime_GET_DAY($input)) != DPSS_OK) {
      PyErr_SetString(PyExc_ValueError, "date out of range");
      SWIG_fail;
    }
  } else {
    PyErr_SetString(PyExc_TypeError, "expected a datetime.date or None");
    SWIG_fail;
  }
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_POINTER) dpss_date {
  $1 = $input == Py_None || PyDate_Check($input);
}
%typemap(out) dpss_date {
  int y_, m_, d_;
  if ($1 == DPSS_DATE_NONE || dpss_date_to_ymd($1, &y_, &m_, &d_) != DPSS_OK) {
    Py_INCREF(Py_None);
    $result = Py_None;
  } else {
    $result = PyDate_FromDate(y_, m_, d_);
  }
}
#endif

#if defined(SWIGJAVA)
%{
/* Throw org.libdpss.DpssException for the library's last error. */
static void dpss_java_throw(JNIEnv *jenv, int code) {
  const dpss_error *e = dpss_error_last();
  jclass cls = (*jenv)->FindClass(jenv, "org/libdpss/DpssException");
  if (!cls)
    return; /* NoClassDefFoundError is pending */
  jmethodID ctor = (*jenv)->GetMethodID(
      jenv, cls, "<init>", "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;II)V");
  if (!ctor)
    return;
  jstring name = (*jenv)->NewStringUTF(jenv, dpss_status_name(code));
  jstring msg = (*jenv)->NewStringUTF(jenv, dpss_error_message(e));
  jstring field = (*jenv)->NewStringUTF(jenv, dpss_error_field(e));
  jobject ex = (*jenv)->NewObject(jenv, cls, ctor, (jint)code, name, msg, field,
                                  (jint)dpss_error_line(e), (jint)dpss_error_column(e));
  if (ex)
    (*jenv)->Throw(jenv, (jthrowable)ex);
}
%}

%exception {
  dpss_b_rc = 0;
  $action
  if (dpss_b_rc < 0) {
    dpss_java_throw(jenv, dpss_b_rc);
    return $null;
  }
}

/* dpss_date <-> java.time.LocalDate (null for DPSS_DATE_NONE). */
%typemap(jni) dpss_date "jint"
%typemap(jtype) dpss_date "int"
%typemap(jstype) dpss_date "java.time.LocalDate"
%typemap(in) dpss_date "$1 = (dpss_date)$input;"
%typemap(out) dpss_date "$result = (jint)$1;"
%typemap(javain) dpss_date "Dates.toDay($javainput)"
%typemap(javaout) dpss_date { return Dates.fromDay($jnicall); }

/* Proper Java enums, and Java names: camelCase methods, no DPSS_ prefix. */
%include "enums.swg"
%javaconst(1);
%rename("%(lowercamelcase)s", %$isfunction) "";
/* Enum constants lose DPSS_ and their enum's own prefix: Tier.START_UP,
 * FactField.HAS_CAPACITY, Eligibility.NOT_ELIGIBLE, Fact.TRUE. */
%rename("%(regex:/^DPSS_((KIND|FACT|METHOD|RISK|SOURCE|TIER|DATE|MONEY|VIA|FAMILY|BASIS|ROLE|AUDIT|ELIGIBILITY|READER|READ)_)?(.*)$/\\3/)s", %$isenumitem) "";

/* The JNI library loads with the first use of any class. */
%pragma(java) jniclasscode=%{
  static {
    System.loadLibrary("dpss_java");
  }
%}

%typemap(javainterfaces) struct dpss_policy "AutoCloseable"
%typemap(javainterfaces) struct dpss_recipient "AutoCloseable"
%typemap(javainterfaces) struct dpss_decision "AutoCloseable"
%typemap(javainterfaces) struct dpss_summary "AutoCloseable"
%typemap(javainterfaces) struct dpss_schedule "AutoCloseable"
%typemap(javainterfaces) struct dpss_totals "AutoCloseable"
%typemap(javainterfaces) struct dpss_network "AutoCloseable"
%typemap(javainterfaces) struct dpss_routing "AutoCloseable"
%typemap(javainterfaces) struct dpss_transition "AutoCloseable"
%typemap(javainterfaces) struct dpss_market "AutoCloseable"
%typemap(javainterfaces) struct dpss_framework "AutoCloseable"
%typemap(javainterfaces) struct dpss_audits "AutoCloseable"
%typemap(javainterfaces) struct dpss_return "AutoCloseable"
%typemap(javainterfaces) struct dpss_reader "AutoCloseable"
%typemap(javacode) struct dpss_policy, struct dpss_recipient, struct dpss_decision,
    struct dpss_summary, struct dpss_schedule, struct dpss_totals, struct dpss_network,
    struct dpss_routing, struct dpss_transition, struct dpss_market, struct dpss_framework,
    struct dpss_audits, struct dpss_return, struct dpss_reader %{
  /** Free the C object now; the handle must not be used afterwards. */
  @Override
  public void close() {
    delete();
  }
%}
#else
%rename("%(strip:[DPSS_])s", %$isenumitem) "";
#endif

%typemap(newfree) char * "dpss_free($1);";

/* ------------------------------------------------- what comes from the headers */

/* The enums and constants come from the headers as they are; the functions
 * are reached through the classes below, except these few. */
%ignore dpss_free;
%ignore dpss_id_generate;
%ignore dpss_error_last;
%ignore dpss_error_clear;
%ignore dpss_error_code;
%ignore dpss_error_message;
%ignore dpss_error_field;
%ignore dpss_error_line;
%ignore dpss_error_column;
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_money_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_date_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_policy_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_recipient_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_decision_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_evaluate";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_summary_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_schedule_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_totals_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_network_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_routing_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_transition_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_market_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_framework_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_audits_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_return_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_reader_";
%ignore dpss_reader_read_fn;
%rename("$ignore", regextarget=1) "^DPSS_ERRNO_";
DPSS_NAME(version_string, versionString, dpss_version_string)
DPSS_NAME(version_number, versionNumber, dpss_version_number)
DPSS_NAME(strerror, strerror, dpss_strerror)
DPSS_NAME(status_name, statusName, dpss_status_name)

#if defined(SWIGJAVA)
%rename(Fact) dpss_fact;
%rename(Status) dpss_status;
%rename(Kind) dpss_kind;
%rename(FactField) dpss_fact_field;
%rename(Method) dpss_method;
%rename(Risk) dpss_risk;
%rename(Source) dpss_source;
%rename(Tier) dpss_tier;
%rename(DateField) dpss_date_field;
%rename(MoneyField) dpss_money_field;
%rename(Eligibility) dpss_eligibility;
%rename(Via) dpss_via;
%rename(FamilyPayment) dpss_family_payment;
%rename(Basis) dpss_basis;
%rename(Role) dpss_role;
%rename(AuditOutcome) dpss_audit_outcome;
%rename(ReaderFormat) dpss_reader_format;
%rename(ReadResult) dpss_read_result;
#endif

%rename(Policy) dpss_policy;
%rename(Recipient) dpss_recipient;
%rename(Decision) dpss_decision;
%rename(Summary) dpss_summary;
%rename(Schedule) dpss_schedule;
%rename(Totals) dpss_totals;
%rename(Network) dpss_network;
%rename(Routing) dpss_routing;
%rename(Transition) dpss_transition;
%rename(Market) dpss_market;
%rename(Framework) dpss_framework;
%rename(Audits) dpss_audits;
%rename(Return) dpss_return;
%rename(Reader) dpss_reader;

/* Opaque to C; SWIG only needs to know they are classes. */
%nodefaultctor dpss_policy;
%nodefaultdtor dpss_policy;
%nodefaultctor dpss_recipient;
%nodefaultdtor dpss_recipient;
%nodefaultctor dpss_decision;
%nodefaultdtor dpss_decision;
%nodefaultctor dpss_summary;
%nodefaultdtor dpss_summary;
%nodefaultctor dpss_schedule;
%nodefaultdtor dpss_schedule;
%nodefaultctor dpss_totals;
%nodefaultdtor dpss_totals;
%nodefaultctor dpss_network;
%nodefaultdtor dpss_network;
%nodefaultctor dpss_routing;
%nodefaultdtor dpss_routing;
%nodefaultctor dpss_transition;
%nodefaultdtor dpss_transition;
%nodefaultctor dpss_market;
%nodefaultdtor dpss_market;
%nodefaultctor dpss_framework;
%nodefaultdtor dpss_framework;
%nodefaultctor dpss_audits;
%nodefaultdtor dpss_audits;
%nodefaultctor dpss_return;
%nodefaultdtor dpss_return;
%nodefaultctor dpss_reader;
%nodefaultdtor dpss_reader;
struct dpss_policy {};
struct dpss_recipient {};
struct dpss_decision {};
struct dpss_summary {};
struct dpss_schedule {};
struct dpss_totals {};
struct dpss_network {};
struct dpss_routing {};
struct dpss_transition {};
struct dpss_market {};
struct dpss_framework {};
struct dpss_audits {};
struct dpss_return {};
struct dpss_reader {};

#define DPSS_EXTERN
%include "dpss/version.h"
%include "dpss/common.h"
%include "dpss/error.h"
%include "dpss/policy.h"
%include "dpss/recipient.h"
%include "dpss/decision.h"
%include "dpss/summary.h"
%include "dpss/payments.h"
%include "dpss/network.h"
%include "dpss/framework.h"
%include "dpss/reader.h"

/* ------------------------------------------------------------- the classes */



%newobject dpss_policy::builtin;
%newobject dpss_policy::parse;
%newobject dpss_policy::load;
%newobject dpss_policy::copy;
%newobject dpss_policy::json;
%newobject dpss_policy::value_text;
%newobject dpss_recipient::parse;
%newobject dpss_recipient::copy;
%newobject dpss_recipient::json;
%newobject dpss_decision::json;
%newobject dpss_decision::because;
%newobject dpss_summary::json;
%newobject dpss_summary::text;
%newobject dpss_schedule::make;
%newobject dpss_schedule::json;
%newobject dpss_totals::json;
%newobject dpss_totals::text;
%newobject dpss_network::parse;
%newobject dpss_network::load;
%newobject dpss_network::copy;
%newobject dpss_network::json;
%newobject dpss_network::send;
%newobject dpss_routing::json;
%newobject dpss_transition::jsonl;
%newobject dpss_market::json;
%newobject dpss_market::text;
%newobject dpss_framework::parse;
%newobject dpss_framework::read_file;
%newobject dpss_framework::json;
%newobject dpss_framework::take;
%newobject dpss_framework::report;
%newobject dpss_framework::report_table;
%newobject dpss_audits::jsonl;
%newobject dpss_return::json;
%newobject dpss_return::text;
%newobject dpss_reader::open_path;
%newobject reader_from_bytes;
%newobject dpss_reader::recipient;
%newobject evaluate;
%newobject money_format;
%newobject new_decision;


DPSS_NAME(builtin, defaultPolicy, dpss_policy::builtin)
DPSS_NAME(from_json, fromJson, dpss_policy::parse)
DPSS_NAME(from_file, fromFile, dpss_policy::load)
DPSS_NAME(to_json, toJson, dpss_policy::json)
DPSS_NAME(set, set, dpss_policy::assign)
DPSS_NAME(set_int, setInt, dpss_policy::assign_int)
DPSS_NAME(set_from, setFrom, dpss_policy::assign_from)
DPSS_NAME(get, get, dpss_policy::value)
DPSS_NAME(get_text, getText, dpss_policy::value_text)
DPSS_NAME(from_json, fromJson, dpss_recipient::parse)
DPSS_NAME(to_json, toJson, dpss_recipient::json)
DPSS_NAME(set_fact, setFact, dpss_recipient::put_fact)
DPSS_NAME(set_kind, setKind, dpss_recipient::put_kind)
DPSS_NAME(set_method, setMethod, dpss_recipient::put_method)
DPSS_NAME(set_risk, setRisk, dpss_recipient::put_risk)
DPSS_NAME(set_date, setDate, dpss_recipient::put_date)
DPSS_NAME(set_funding, setFunding, dpss_recipient::put_funding)
DPSS_NAME(set_money, setMoney, dpss_recipient::put_money)
DPSS_NAME(set_balance, setBalance, dpss_recipient::put_balance)
DPSS_NAME(add_issue, addIssue, dpss_recipient::put_issue)
DPSS_NAME(add_specialist_need, addSpecialistNeed, dpss_recipient::put_need)
DPSS_NAME(to_json, toJson, dpss_decision::json)
DPSS_NAME(trace_because, traceBecause, dpss_decision::because)
DPSS_NAME(to_json, toJson, dpss_summary::json)
DPSS_NAME(to_text, toText, dpss_summary::text)
DPSS_NAME(add, add, dpss_summary::count_decision)
DPSS_NAME(add_rejected, addRejected, dpss_summary::count_rejected)
DPSS_NAME(merge, merge, dpss_summary::absorb)
DPSS_NAME(build, build, dpss_schedule::make)
DPSS_NAME(to_json, toJson, dpss_schedule::json)
DPSS_NAME(to_json, toJson, dpss_totals::json)
DPSS_NAME(to_text, toText, dpss_totals::text)
DPSS_NAME(add, add, dpss_totals::count_schedule)
DPSS_NAME(merge, merge, dpss_totals::absorb)
DPSS_NAME(from_json, fromJson, dpss_network::parse)
DPSS_NAME(from_file, fromFile, dpss_network::load)
DPSS_NAME(to_json, toJson, dpss_network::json)
DPSS_NAME(route, route, dpss_network::send)
DPSS_NAME(to_json, toJson, dpss_routing::json)
DPSS_NAME(add, add, dpss_transition::take)
DPSS_NAME(to_jsonl, toJsonl, dpss_transition::jsonl)
DPSS_NAME(add, add, dpss_market::count_in)
DPSS_NAME(to_json, toJson, dpss_market::json)
DPSS_NAME(to_text, toText, dpss_market::text)
DPSS_NAME(from_json, fromJson, dpss_framework::parse)
DPSS_NAME(from_file, fromFile, dpss_framework::read_file)
DPSS_NAME(save, save, dpss_framework::write_file)
DPSS_NAME(to_json, toJson, dpss_framework::json)
DPSS_NAME(add_calloff, addCalloff, dpss_framework::take)
DPSS_NAME(report_json, reportJson, dpss_framework::report)
DPSS_NAME(report_text, reportText, dpss_framework::report_table)
DPSS_NAME(add, add, dpss_audits::take)
DPSS_NAME(to_jsonl, toJsonl, dpss_audits::jsonl)
DPSS_NAME(add, add, dpss_return::take)
DPSS_NAME(add_spend, addSpend, dpss_return::take_spend)
DPSS_NAME(to_json, toJson, dpss_return::json)
DPSS_NAME(to_text, toText, dpss_return::text)
DPSS_NAME(add_audit, addAudit, dpss_recipient::put_audit)
DPSS_NAME(set_support, setSupport, dpss_recipient::put_support)
DPSS_NAME(set_existing, setExisting, dpss_recipient::put_existing)
DPSS_NAME(clear_balance, clearBalance, dpss_recipient::drop_balance)
DPSS_NAME(open, open, dpss_reader::open_path)
DPSS_NAME(reader_from_bytes, readerFromBytes, reader_from_bytes)
DPSS_NAME(next, next, dpss_reader::step)
DPSS_NAME(text, text, dpss_reader::current_text)
DPSS_NAME(record, record, dpss_reader::current_record)
DPSS_NAME(line, line, dpss_reader::current_line)
DPSS_NAME(column, column, dpss_reader::current_column)
DPSS_NAME(name, name, dpss_reader::input_name)
DPSS_NAME(recipient, recipient, dpss_reader::recipient)
DPSS_NAME(error_code, errorCode, dpss_reader::bad_code)
DPSS_NAME(error_message, errorMessage, dpss_reader::bad_message)
DPSS_NAME(error_line, errorLine, dpss_reader::bad_line)
DPSS_NAME(error_column, errorColumn, dpss_reader::bad_column)

%extend dpss_policy {
  /** The built-in Nottinghamshire policy. */
  static dpss_policy *builtin() {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_new(&p));
    return p;
  }
  /** A policy from JSON text. */
  static dpss_policy *parse(const char *json) {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_from_json(&p, json));
    return p;
  }
  /** A policy from a JSON file. */
  static dpss_policy *load(const char *path) {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_from_file(&p, path));
    return p;
  }
  ~dpss_policy() { dpss_policy_free($self); }
  /** An independent copy. */
  dpss_policy *copy() {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_clone(&p, $self));
    return p;
  }
  /** The policy as JSON. */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_policy_to_json($self, &s));
    return s;
  }
  /** Override a parameter from NAME=VALUE text. */
  void assign(const char *assignment) { DPSS_B(dpss_policy_set($self, assignment)); }
  /** Override a parameter with a number, at every date. */
  void assign_int(const char *name, int64_t value) {
    DPSS_B(dpss_policy_set_int($self, name, value));
  }
  /** Give a parameter a value from a date on. */
  void assign_from(const char *name, dpss_date from, int64_t value) {
    DPSS_B(dpss_policy_set_from($self, name, from, value));
  }
  /** The value of a parameter in force on a date. */
  int64_t value(const char *name, dpss_date on) {
    int64_t v = 0;
    DPSS_B(dpss_policy_get($self, name, on, &v));
    return v;
  }
  /** The value of a parameter in force on a date, as text. */
  char *value_text(const char *name, dpss_date on) {
    char *s = NULL;
    DPSS_B(dpss_policy_get_text($self, name, on, &s));
    return s;
  }
  const char *id();
  const char *version();
}

%extend dpss_recipient {
  /** An empty recipient (every fact unknown). */
  dpss_recipient(const char *id) {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_new(&r, id));
    return r;
  }
  /** A recipient from JSON text. */
  static dpss_recipient *parse(const char *json) {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_from_json(&r, json));
    return r;
  }
  ~dpss_recipient() { dpss_recipient_free($self); }
  /** An independent copy. */
  dpss_recipient *copy() {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_clone(&r, $self));
    return r;
  }
  /** The record as JSON. */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_recipient_to_json($self, &s));
    return s;
  }
  const char *id();
  dpss_fact get_fact(dpss_fact_field field);
  dpss_date get_date(dpss_date_field field);
  int64_t get_funding(dpss_source source);
  int64_t get_money(dpss_money_field field);
  size_t issue_count();
  void put_fact(dpss_fact_field field, dpss_fact value) {
    DPSS_B(dpss_recipient_set_fact($self, field, value));
  }
  void put_kind(dpss_kind kind) { DPSS_B(dpss_recipient_set_kind($self, kind)); }
  void put_method(dpss_method method) { DPSS_B(dpss_recipient_set_method($self, method)); }
  void put_risk(dpss_risk risk) { DPSS_B(dpss_recipient_set_risk($self, risk)); }
  void put_date(dpss_date_field field, dpss_date date) {
    DPSS_B(dpss_recipient_set_date($self, field, date));
  }
  void put_funding(dpss_source source, int64_t weekly_pence) {
    DPSS_B(dpss_recipient_set_funding($self, source, weekly_pence));
  }
  void put_money(dpss_money_field field, int64_t pence) {
    DPSS_B(dpss_recipient_set_money($self, field, pence));
  }
  void put_balance(dpss_date on, int64_t pence, int64_t owed_pence) {
    DPSS_B(dpss_recipient_set_balance($self, on, pence, owed_pence));
  }
  void put_issue(const char *id, dpss_date opened, dpss_date resolved) {
    DPSS_B(dpss_recipient_add_issue($self, id, opened, resolved));
  }
  void put_need(const char *need) { DPSS_B(dpss_recipient_add_specialist_need($self, need)); }
  void put_support(dpss_tier tier, dpss_date since, dpss_fact completed, const char *provider) {
    DPSS_B(dpss_recipient_set_support($self, tier, since, completed, provider));
  }
  void put_existing(const char *provider, dpss_fact successful) {
    DPSS_B(dpss_recipient_set_existing($self, provider, successful));
  }
  void drop_balance() { DPSS_B(dpss_recipient_clear_balance($self)); }
  void put_audit(dpss_date date, dpss_audit_outcome outcome) {
    DPSS_B(dpss_recipient_add_audit($self, date, outcome));
  }
}

%extend dpss_decision {
  ~dpss_decision() { dpss_decision_free($self); }
  /** The decision as JSON (the data contract). */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_decision_to_json($self, &s));
    return s;
  }
  /** The reason of trace entry i in words. */
  char *because(size_t index) {
    char *s = NULL;
    DPSS_B(dpss_decision_trace_because($self, index, &s));
    return s;
  }
  const char *id();
  dpss_date as_of();
  dpss_eligibility eligibility();
  dpss_via via();
  size_t missing_count();
  const char *missing(size_t index);
  dpss_family_payment family_payment();
  dpss_method method();
  dpss_method recommended_method();
  dpss_fact accredited_required();
  int single_provider();
  dpss_tier tier();
  dpss_date tier_ends();
  int64_t weekly_pence();
  int64_t threshold_pence();
  int64_t available_pence();
  int64_t excess_pence();
  dpss_fact reclaim();
  dpss_fact surplus_review();
  size_t escalation_count();
  const char *escalation_issue(size_t index);
  int32_t escalation_open_days(size_t index);
  int escalation_review(size_t index);
  dpss_date review_due();
  dpss_date audit_due();
  int extra_review();
  size_t trace_count();
  const char *trace_rule(size_t index);
  const char *trace_outcome(size_t index);
  int applied(const char *rule);
}

%extend dpss_summary {
  dpss_summary() {
    dpss_summary *s = NULL;
    DPSS_B(dpss_summary_new(&s));
    return s;
  }
  ~dpss_summary() { dpss_summary_free($self); }
  /** Count one decision. */
  void count_decision(const dpss_decision *decision) {
    DPSS_B(dpss_summary_add($self, decision));
  }
  /** Count one record that could not be read. */
  void count_rejected() { DPSS_B(dpss_summary_add_rejected($self)); }
  /** Add another summary's counts into this one. */
  void absorb(const dpss_summary *other) { DPSS_B(dpss_summary_merge($self, other)); }
  uint64_t count();
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_summary_to_json($self, &s));
    return s;
  }
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_summary_to_text($self, &s));
    return s;
  }
}

%extend dpss_schedule {
  /** Every payment of a recipient dated between two dates (B1-B5). */
  static dpss_schedule *make(const dpss_policy *policy, const dpss_recipient *recipient,
                              dpss_date from, dpss_date to) {
    dpss_schedule *s = NULL;
    DPSS_B(dpss_schedule_build(&s, policy, recipient, from, to));
    return s;
  }
  ~dpss_schedule() { dpss_schedule_free($self); }
  /** The schedule as JSON (the payments shape of the data contract). */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_schedule_to_json($self, &s));
    return s;
  }
  const char *id();
  dpss_basis basis();
  int64_t weekly_pence();
  int64_t contribution_weekly_pence();
  int64_t council_weekly_pence();
  size_t count();
  dpss_date date(size_t index);
  int32_t days(size_t index);
  int64_t pence(size_t index);
  int64_t stream_pence(size_t index, dpss_source source);
  int64_t contribution_pence(size_t index);
  int64_t one_off_pence();
}

%extend dpss_totals {
  /** Empty caseload totals for payments between two dates. */
  dpss_totals(dpss_date from, dpss_date to) {
    dpss_totals *t = NULL;
    DPSS_B(dpss_totals_new(&t, from, to));
    return t;
  }
  ~dpss_totals() { dpss_totals_free($self); }
  /** Add one schedule's payments. */
  void count_schedule(const dpss_schedule *schedule) { DPSS_B(dpss_totals_add($self, schedule)); }
  /** Add other totals of the same range. */
  void absorb(const dpss_totals *other) { DPSS_B(dpss_totals_merge($self, other)); }
  int64_t pence();
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_totals_to_json($self, &s));
    return s;
  }
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_totals_to_text($self, &s));
    return s;
  }
}

%extend dpss_network {
  /** A network from JSON text, checked under a policy (None/null: built-in) on a date. */
  static dpss_network *parse(const char *json, const dpss_policy *policy, dpss_date as_of) {
    dpss_network *n = NULL;
    DPSS_B(dpss_network_from_json(&n, json, policy, as_of));
    return n;
  }
  /** A network from a JSON file. */
  static dpss_network *load(const char *path, const dpss_policy *policy, dpss_date as_of) {
    dpss_network *n = NULL;
    DPSS_B(dpss_network_from_file(&n, path, policy, as_of));
    return n;
  }
  ~dpss_network() { dpss_network_free($self); }
  /** An independent copy (caseloads included). */
  dpss_network *copy() {
    dpss_network *n = NULL;
    DPSS_B(dpss_network_clone(&n, $self));
    return n;
  }
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_network_to_json($self, &s));
    return s;
  }
  /** Route one referral; the chosen provider's caseload grows by one. */
  dpss_routing *send(const dpss_recipient *referral) {
    dpss_routing *o = NULL;
    DPSS_B(dpss_network_route(&o, $self, referral));
    return o;
  }
  const char *id();
  const char *lead();
  size_t provider_count();
  const char *provider_id(size_t index);
  dpss_role provider_role(size_t index);
  int64_t provider_capacity(size_t index);
  int64_t provider_caseload(size_t index);
  int64_t provider_routed(size_t index);
}

%extend dpss_routing {
  ~dpss_routing() { dpss_routing_free($self); }
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_routing_to_json($self, &s));
    return s;
  }
  const char *id();
  const char *provider();
  dpss_role role();
  const char *rules();
  const char *because();
}

%extend dpss_transition {
  /** A transition plan to a network from a start date (X1). */
  dpss_transition(const dpss_network *network, const dpss_policy *policy, dpss_date start) {
    dpss_transition *t = NULL;
    DPSS_B(dpss_transition_new(&t, network, policy, start));
    return t;
  }
  ~dpss_transition() { dpss_transition_free($self); }
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_transition_add($self, recipient)); }
  char *jsonl() {
    char *s = NULL;
    DPSS_B(dpss_transition_to_jsonl($self, &s));
    return s;
  }
}

%extend dpss_market {
  /** A market report over a network's providers (N6). */
  dpss_market(const dpss_network *network, const dpss_policy *policy, dpss_date as_of) {
    dpss_market *m = NULL;
    DPSS_B(dpss_market_new(&m, network, policy, as_of));
    return m;
  }
  ~dpss_market() { dpss_market_free($self); }
  void count_in(const dpss_recipient *recipient) { DPSS_B(dpss_market_add($self, recipient)); }
  int64_t hhi();
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_market_to_json($self, &s));
    return s;
  }
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_market_to_text($self, &s));
    return s;
  }
}

%extend dpss_framework {
  /** A framework from JSON text. */
  static dpss_framework *parse(const char *json) {
    dpss_framework *f = NULL;
    DPSS_B(dpss_framework_from_json(&f, json));
    return f;
  }
  /** A framework from its file. */
  static dpss_framework *read_file(const char *path) {
    dpss_framework *f = NULL;
    DPSS_B(dpss_framework_load(&f, path));
    return f;
  }
  ~dpss_framework() { dpss_framework_free($self); }
  /** Save atomically (temporary file, flush, rename). */
  void write_file(const char *path) { DPSS_B(dpss_framework_save($self, path)); }
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_framework_to_json($self, &s));
    return s;
  }
  /** Add a call-off (JSON); returns its id. Refused past a cap, nothing recorded. */
  char *take(const char *calloff) {
    char *id = NULL;
    DPSS_B(dpss_framework_add_calloff($self, calloff, &id));
    return id;
  }
  char *report(int year) {
    char *s = NULL;
    DPSS_B(dpss_framework_report_json($self, year, &s));
    return s;
  }
  char *report_table(int year) {
    char *s = NULL;
    DPSS_B(dpss_framework_report_text($self, year, &s));
    return s;
  }
  int years();
  int year_of(dpss_date date);
  size_t calloff_count();
  int64_t committed(const char *commissioner, int year);
}

%extend dpss_audits {
  /** The audits of managed accounts on a date (R2). */
  dpss_audits(const dpss_policy *policy, dpss_date as_of) {
    dpss_audits *a = NULL;
    DPSS_B(dpss_audits_new(&a, policy, as_of));
    return a;
  }
  ~dpss_audits() { dpss_audits_free($self); }
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_audits_add($self, recipient)); }
  size_t overdue();
  char *jsonl() {
    char *s = NULL;
    DPSS_B(dpss_audits_to_jsonl($self, &s));
    return s;
  }
}

%extend dpss_return {
  /** An information-sharing return for a period (R3, F4). */
  dpss_return(const dpss_policy *policy, dpss_date from, dpss_date to, const char *provider) {
    dpss_return *r = NULL;
    DPSS_B(dpss_return_new(&r, policy, from, to, provider));
    return r;
  }
  ~dpss_return() { dpss_return_free($self); }
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_return_add($self, recipient)); }
  void take_spend(const dpss_framework *framework) {
    DPSS_B(dpss_return_add_spend($self, framework));
  }
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_return_to_json($self, &s));
    return s;
  }
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_return_to_text($self, &s));
    return s;
  }
}

%extend dpss_reader {
  /** Open a file for reading records (format: READER_AUTO, READER_JSON; READER_CSV not yet). */
  static dpss_reader *open_path(const char *path, dpss_reader_format format) {
    dpss_reader *r = NULL;
    DPSS_B(dpss_reader_open(&r, path, format));
    return r;
  }
  ~dpss_reader() { dpss_reader_free($self); }
  /** The next record: READ_RECORD, READ_BAD (see error_*) or READ_END; a read
   *  error raises. */
  int step() {
    int rc = dpss_reader_next($self);
    DPSS_B(rc);
    return rc;
  }
  /** The current record's text. */
  const char *current_text() { return dpss_reader_text($self); }
  /** The current record's number (from 1). */
  int64_t current_record() { return dpss_reader_record($self); }
  /** The line where the current record starts. */
  int64_t current_line() { return dpss_reader_line($self); }
  /** The column where the current record starts. */
  int64_t current_column() { return dpss_reader_column($self); }
  /** The input's name. */
  const char *input_name() { return dpss_reader_name($self); }
  /** The current record read as a recipient (raises when it is not one). */
  dpss_recipient *recipient() {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_from_json(&r, dpss_reader_text($self)));
    return r;
  }
  /** Why the current record is bad: its status code. */
  int bad_code() { return dpss_error_code(dpss_reader_error($self)); }
  /** Why the current record is bad: the message. */
  const char *bad_message() { return dpss_error_message(dpss_reader_error($self)); }
  /** Where the fault of a bad record lies: its line. */
  int bad_line() { return dpss_error_line(dpss_reader_error($self)); }
  /** Where the fault of a bad record lies: its column. */
  int bad_column() { return dpss_error_column(dpss_reader_error($self)); }
}

/* ---------------------------------------------------------- module functions */

/* Bytes (Python bytes, Java byte[]) for a data pointer and its size. A
 * multi-argument typemap reaches module functions, not %extend ones. */
#if defined(SWIGPYTHON)
%typemap(in) (const char *data, size_t size) {
  char *buf_ = NULL;
  Py_ssize_t len_ = 0;
  if (PyBytes_Check($input)) {
    if (PyBytes_AsStringAndSize($input, &buf_, &len_) < 0)
      SWIG_fail;
  } else if (PyUnicode_Check($input)) {
    const char *utf8_ = PyUnicode_AsUTF8AndSize($input, &len_);
    if (!utf8_)
      SWIG_fail;
    buf_ = (char *)utf8_;
  } else {
    PyErr_SetString(PyExc_TypeError, "expected bytes or str");
    SWIG_fail;
  }
  $1 = buf_;
  $2 = (size_t)len_;
}
#else
%apply (const char *STRING, size_t LENGTH) { (const char *data, size_t size) };
#endif
%inline %{
/** A record reader over bytes (copied), read as dpss_reader_from_memory() does. */
dpss_reader *reader_from_bytes(const char *data, size_t size, const char *name,
                               dpss_reader_format format) {
  dpss_reader *r = NULL;
  DPSS_B(dpss_reader_from_memory(&r, data, size, name, format));
  return r;
}
%}

%inline %{
/** Evaluate a recipient under a policy on a date (rules E, P, T, S, R). */
dpss_decision *evaluate(const dpss_policy *policy, const dpss_recipient *recipient,
                        dpss_date as_of) {
  dpss_decision *d = NULL;
  DPSS_B(dpss_evaluate(&d, policy, recipient, as_of));
  return d;
}

/** Evaluate into an existing decision, reusing its memory. */
void evaluate_into(dpss_decision *decision, const dpss_policy *policy,
                   const dpss_recipient *recipient, dpss_date as_of) {
  DPSS_B(dpss_evaluate_into(decision, policy, recipient, as_of));
}

/** A new, empty decision for evaluate_into. */
dpss_decision *new_decision(void) {
  dpss_decision *d = NULL;
  DPSS_B(dpss_decision_new(&d));
  return d;
}

/** Format pence as pounds, e.g. "£1,234.56". */
char *money_format(int64_t pence) {
  char *s = NULL;
  DPSS_B(dpss_money_format(&s, pence));
  return s;
}

/** The number of policy parameters. */
size_t param_count(void) { return dpss_policy_param_count(); }

/** The name of policy parameter i (None/null out of range). */
const char *param_name(size_t index) { return dpss_policy_param_name(index); }

/** Where policy parameter i's default comes from. */
const char *param_source(size_t index) { return dpss_policy_param_source(index); }
%}
