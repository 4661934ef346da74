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
#include <stdbool.h>

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
/* The same for a call on a file: an EIO error then names the file, as the
 * dpss tool and the Python package do (the library's message does not). */
static __thread const char *dpss_b_path;
#define DPSS_BF(expr, path) \
  do {                      \
    dpss_b_path = (path);   \
    DPSS_B(expr);           \
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
/**
 * Register how errors are raised; called once by dpss/__init__.py, not by users.
 * @param factory A callable (code, name, message, field, line, column) -> exception
 *                instance.
 */
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
  char named[1024];
  const char *text = dpss_error_message(e);
  if (code == DPSS_EIO && dpss_b_path) {
    snprintf(named, sizeof named, "%s: %s", dpss_b_path, text);
    text = named;
  }
  jstring msg = (*jenv)->NewStringUTF(jenv, text);
  jstring field = (*jenv)->NewStringUTF(jenv, dpss_error_field(e));
  jobject ex = (*jenv)->NewObject(jenv, cls, ctor, (jint)code, name, msg, field,
                                  (jint)dpss_error_line(e), (jint)dpss_error_column(e));
  if (ex)
    (*jenv)->Throw(jenv, (jthrowable)ex);
}
%}

%exception {
  dpss_b_rc = 0;
  dpss_b_path = NULL;
  $action
  if (dpss_b_rc < 0) {
    dpss_java_throw(jenv, dpss_b_rc);
    dpss_b_path = NULL;
    return $null;
  }
  dpss_b_path = NULL;
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
%rename("%(regex:/^DPSS_((KIND|FACT|METHOD|RISK|SOURCE|TIER|DATE|MONEY|VIA|FAMILY|BASIS|ROLE|AUDIT|ELIGIBILITY|LINE|LEDGER)_)?(.*)$/\\3/)s", %$isenumitem) "";
/* (SWIG cuts a rename format past a length: the reader's prefixes have their own.) */
%rename("%(regex:/^DPSS_(READER|READ)_(.*)$/\\2/)s", regextarget=1, %$isenumitem) "^DPSS_READ";
%rename("%(regex:/^DPSS_(COLUMN|BATCH)_(.*)$/\\2/)s", regextarget=1, %$isenumitem) "^DPSS_(COLUMN|BATCH)_";
/* SWIG keeps C's one namespace for enum constants: where two would be named
 * alike once their prefixes go (Fact.UNKNOWN and Tier's, FactField.BANK_ACCOUNT
 * and Method's), the later one keeps its enum's word, or SWIG would drop it. */
%rename(KIND_UNKNOWN) DPSS_KIND_UNKNOWN;
%rename(METHOD_UNKNOWN) DPSS_METHOD_UNKNOWN;
%rename(METHOD_BANK_ACCOUNT) DPSS_METHOD_BANK_ACCOUNT;
%rename(RISK_UNKNOWN) DPSS_RISK_UNKNOWN;
%rename(TIER_UNKNOWN) DPSS_TIER_UNKNOWN;
%rename(VIA_NONE) DPSS_VIA_NONE;
%rename(VIA_AUTHORISED_PERSON) DPSS_VIA_AUTHORISED_PERSON;
%rename(FAMILY_UNDETERMINED) DPSS_FAMILY_UNDETERMINED;

/* What the Javadoc shows is the API: the JNI class and the pointer plumbing
 * of the proxies are package-private; delete() is too (close() frees), and
 * what stays public or protected is documented. */
%pragma(java) jniclassclassmodifiers="final class"
/* The module's imports come first in both of its files, DpssNative and
 * DpssNativeConstants: a comment there documents both. */
%pragma(java) moduleimports=%{
/**
 * The generated module: library-wide functions and constants of libdpss (the C API's
 * version, status codes and policy parameters). {@link Dpss} holds the entry points.
 */%}
%pragma(java) moduleclassmodifiers="public final class"
%pragma(java) modulecode=%{
  private DpssNative() {}
%}
%typemap(javabody) SWIGTYPE %{
  private transient long swigCPtr;
  transient boolean swigCMemOwn;

  $javaclassname(long cPtr, boolean cMemoryOwn) {
    swigCMemOwn = cMemoryOwn;
    swigCPtr = cPtr;
  }

  static long getCPtr($javaclassname obj) {
    return (obj == null) ? 0 : obj.swigCPtr;
  }

  static long swigRelease($javaclassname obj) {
    long ptr = 0;
    if (obj != null) {
      if (!obj.swigCMemOwn)
        throw new RuntimeException("Cannot release ownership as memory is not owned");
      ptr = obj.swigCPtr;
      obj.swigCMemOwn = false;
      obj.delete();
    }
    return ptr;
  }
%}
%typemap(javadestruct, methodname="delete", methodmodifiers="synchronized", parameters="") SWIGTYPE {
    if (swigCPtr != 0) {
      if (swigCMemOwn) {
        swigCMemOwn = false;
        $jnicall;
      }
      swigCPtr = 0;
    }
  }
%typemap(javafinalize) SWIGTYPE %{
  /**
   * Frees the C object if the handle was never closed. Do not rely on it: close the
   * handle, or use try-with-resources.
   */
  @SuppressWarnings({"deprecation", "removal"})
  @Override
  protected void finalize() {
    delete();
  }
%}
%typemap(javabody) enum SWIGTYPE %{
  /**
   * The C value of this constant.
   *
   * @return the value
   */
  public final int swigValue() {
    return swigValue;
  }

  /**
   * The constant for a C value.
   *
   * @param swigValue the C value
   * @return the constant
   * @throws IllegalArgumentException if no constant has that value
   */
  public static $javaclassname swigToEnum(int swigValue) {
    $javaclassname[] swigValues = $javaclassname.class.getEnumConstants();
    if (swigValue < swigValues.length && swigValue >= 0 && swigValues[swigValue].swigValue == swigValue)
      return swigValues[swigValue];
    for ($javaclassname swigEnum : swigValues)
      if (swigEnum.swigValue == swigValue)
        return swigEnum;
    throw new IllegalArgumentException("No enum " + $javaclassname.class + " with value " + swigValue);
  }

  @SuppressWarnings("unused")
  private $javaclassname() {
    this.swigValue = SwigNext.next++;
  }

  @SuppressWarnings("unused")
  private $javaclassname(int swigValue) {
    this.swigValue = swigValue;
    SwigNext.next = swigValue+1;
  }

  @SuppressWarnings("unused")
  private $javaclassname($javaclassname swigEnum) {
    this.swigValue = swigEnum.swigValue;
    SwigNext.next = this.swigValue+1;
  }

  private final int swigValue;

  private static class SwigNext {
    private static int next = 0;
  }
%}

/* The JNI library loads with the first use of any class. */
%pragma(java) jniclasscode=%{
  static {
    System.loadLibrary("dpss_java");
  }
%}

/* long[] for a batch's columns (copied in and back). */
%include "arrays_java.i"
%apply long long[] { long long *dst };

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
%typemap(javainterfaces) struct dpss_mapping "AutoCloseable"
%typemap(javainterfaces) struct dpss_statement "AutoCloseable"
%typemap(javainterfaces) struct dpss_audit "AutoCloseable"
%typemap(javainterfaces) struct dpss_audit_summary "AutoCloseable"
%typemap(javainterfaces) struct dpss_ledger "AutoCloseable"
%typemap(javainterfaces) struct dpss_reader "AutoCloseable"
%typemap(javainterfaces) struct dpss_comparison "AutoCloseable"
%typemap(javainterfaces) struct dpss_batch "AutoCloseable"
%typemap(javacode) struct dpss_policy, struct dpss_recipient, struct dpss_decision,
    struct dpss_summary, struct dpss_schedule, struct dpss_totals, struct dpss_network,
    struct dpss_routing, struct dpss_transition, struct dpss_market, struct dpss_framework,
    struct dpss_audits, struct dpss_return, struct dpss_mapping, struct dpss_statement,
    struct dpss_audit, struct dpss_audit_summary, struct dpss_ledger, struct dpss_reader,
    struct dpss_comparison, struct dpss_batch %{
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
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_mapping_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_statement_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_audit_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_ledger_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_reader_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_rule";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_comparison_";
%rename("$ignore", regextarget=1, %$isfunction) "^dpss_batch_";
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
%rename(LineType) dpss_line_type;
%rename(LedgerFlag) dpss_ledger_flag;
%rename(ReaderFormat) dpss_reader_format;
%rename(ReadResult) dpss_read_result;
%rename(EventKind) dpss_event_kind;
%rename(Column) dpss_column;
%rename(BatchFlag) dpss_batch_flag;
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
%rename(Mapping) dpss_mapping;
%rename(Statement) dpss_statement;
%rename(Audit) dpss_audit;
%rename(AuditSummary) dpss_audit_summary;
%rename(Ledger) dpss_ledger;
%rename(Reader) dpss_reader;
%rename(Comparison) dpss_comparison;
%rename(Batch) dpss_batch;

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
%nodefaultctor dpss_ledger;
%nodefaultdtor dpss_ledger;
%nodefaultctor dpss_reader;
%nodefaultdtor dpss_reader;
/**
 * A council's policy: every parameter of the rules, effective-dated, with what-if
 * overrides. Evaluation only reads it: many threads may evaluate against one policy.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_policy {};
/**
 * One person who has, or may have, a direct payment: the recipient record of the data
 * contract, read from JSON or built with the setters.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_recipient {};
/**
 * The explained decision on one recipient: eligibility, method, tier, surplus,
 * escalations, review and audit dates, and the trace of the rules that produced it.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_decision {};
/**
 * Counts and totals over a caseload's decisions.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_summary {};
/**
 * The payments of one recipient between two dates (rules B1-B5).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_schedule {};
/**
 * A caseload's payment totals between two dates, per stream and per month.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_totals {};
/**
 * A provider network: one lead agent and its associates, with their caseloads (rules
 * N1-N6).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_network {};
/**
 * The outcome of routing one referral: the provider, the rule ids and the reason.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_routing {};
/**
 * A plan moving today's caseload to a new provider network (rule X1).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_transition {};
/**
 * A market report over a network's providers: shares, HHI and warnings (rule N6).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_market {};
/**
 * A framework agreement: commissioners, spending caps, the price list and the call-offs
 * recorded against it (rules F1-F4).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_framework {};
/**
 * The audits of managed accounts due on a date (rule R2).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_audits {};
/**
 * The information-sharing return for a period (rules R3, F4).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_return {};
%nodefaultctor dpss_mapping;
%nodefaultdtor dpss_mapping;
%nodefaultctor dpss_statement;
%nodefaultdtor dpss_statement;
%nodefaultctor dpss_audit;
%nodefaultdtor dpss_audit;
%nodefaultctor dpss_audit_summary;
%nodefaultdtor dpss_audit_summary;
%nodefaultctor dpss_comparison;
%nodefaultdtor dpss_comparison;
%nodefaultctor dpss_batch;
%nodefaultdtor dpss_batch;
/**
 * A column mapping for CSV (and JSON Lines) input with its own headers: their header to our
 * column, value mappings and the date format (see dpss/mapping.h).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_mapping {};
/**
 * The dated lines of one account (a bank's or card provider's export), read from CSV or JSON
 * Lines with amounts as exact pence; bad lines are collected with their line and column,
 * never their values.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_statement {};
/**
 * The audit of one account over a period (rules A1-A9): money in and out, the findings with
 * the lines behind them, the outcome, and the sheet for the person.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_audit {};
/**
 * Outcomes, findings by kind, money by category and surpluses over many audits.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_audit_summary {};
/**
 * A framework ledger: the framework and its call-offs in an SQLite file that several
 * processes and threads add to at once, one transaction per call-off (rules F1-F3).
 *
 * Owns C memory and an open file: Python closes it when the object is collected; in Java,
 * close it (it is AutoCloseable). A failing call raises dpss.Error in Python and throws
 * DpssException in Java.
 */
struct dpss_ledger {};
/**
 * A record reader: records one at a time from a file or bytes, each handed out as JSON text
 * with its position, or reported bad (and skipped) with the reason; a bad record costs only
 * itself.
 *
 * Owns C memory and may hold an open file: Python frees it when the object is collected; in
 * Java, close it (it is AutoCloseable). A failing call raises dpss.Error in Python and throws
 * DpssException in Java.
 */
struct dpss_reader {};
/**
 * A what-if comparison: a caseload's decisions under a base policy and an alternative, what
 * changed field by field for each recipient, how much money moves and for whom.
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_comparison {};
/**
 * Decisions as columns: the main fields of many decisions, one array of 64-bit integers per
 * field, read and evaluated in chunks entirely in C (the fast path for caseloads).
 *
 * Owns C memory: Python frees it when the object is collected; in Java, close it (it is
 * AutoCloseable). A failing call raises dpss.Error in Python and throws DpssException in
 * Java.
 */
struct dpss_batch {};

#define DPSS_EXTERN
/* stdint.i does not define these: without them SWIG cannot read
 * DPSS_DATE_NONE and DPSS_PENCE_NONE, skips them, and their comments end up
 * on the next declaration's documentation. */
%ignore INT32_MIN;
%ignore INT64_MIN;
#define INT32_MIN (-2147483647 - 1)
#define INT64_MIN (-9223372036854775807LL - 1)
#if defined(SWIGJAVA)
%javaconstvalue("Integer.MIN_VALUE") DPSS_DATE_NONE;
%javaconstvalue("Long.MIN_VALUE") DPSS_PENCE_NONE;
#endif
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
%include "dpss/mapping.h"
%include "dpss/audit.h"
%include "dpss/ledger.h"
%include "dpss/reader.h"
%include "dpss/rules.h"
%include "dpss/compare.h"
%include "dpss/batch.h"

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
%newobject dpss_mapping::parse;
%newobject dpss_mapping::load;
%newobject dpss_statement::parse_csv;
%newobject dpss_statement::load_csv;
%newobject dpss_statement::parse_jsonl;
%newobject dpss_statement::load_jsonl;
%newobject dpss_audit::make;
%newobject dpss_audit::json;
%newobject dpss_audit::csv;
%newobject dpss_audit::sheet;
%newobject dpss_audit_summary::json;
%newobject dpss_audit_summary::text;
%newobject dpss_ledger::create_file;
%newobject dpss_ledger::open_file;
%newobject dpss_ledger::take;
%newobject dpss_ledger::json;
%newobject dpss_ledger::load_framework;
%newobject dpss_reader::open_path;
%newobject reader_from_bytes;
%newobject dpss_reader::recipient;
%newobject dpss_policy::overrides;
%newobject dpss_comparison::compare;
%newobject dpss_comparison::json;
%newobject dpss_comparison::text;
%newobject rules_json;
%newobject compare_recipient;
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
DPSS_NAME(from_json, fromJson, dpss_mapping::parse)
DPSS_NAME(from_file, fromFile, dpss_mapping::load)
DPSS_NAME(from_csv, fromCsv, dpss_statement::parse_csv)
DPSS_NAME(from_csv_file, fromCsvFile, dpss_statement::load_csv)
DPSS_NAME(from_jsonl, fromJsonl, dpss_statement::parse_jsonl)
DPSS_NAME(from_jsonl_file, fromJsonlFile, dpss_statement::load_jsonl)
DPSS_NAME(add_line, addLine, dpss_statement::put_line)
DPSS_NAME(run, run, dpss_audit::make)
DPSS_NAME(to_json, toJson, dpss_audit::json)
DPSS_NAME(findings_to_csv, findingsToCsv, dpss_audit::csv)
DPSS_NAME(to_html, toHtml, dpss_audit::sheet)
DPSS_NAME(record, record, dpss_audit::record_on)
DPSS_NAME(outcome, outcome, dpss_audit::outcome_of)
DPSS_NAME(add, add, dpss_audit_summary::count_audit)
DPSS_NAME(add_unaudited, addUnaudited, dpss_audit_summary::count_unaudited)
DPSS_NAME(merge, merge, dpss_audit_summary::absorb)
DPSS_NAME(to_json, toJson, dpss_audit_summary::json)
DPSS_NAME(to_text, toText, dpss_audit_summary::text)
DPSS_NAME(create, create, dpss_ledger::create_file)
DPSS_NAME(open, open, dpss_ledger::open_file)
DPSS_NAME(add, add, dpss_ledger::take)
DPSS_NAME(export_json, export, dpss_ledger::json)
DPSS_NAME(framework, framework, dpss_ledger::load_framework)
DPSS_NAME(count, count, dpss_ledger::calloff_count)
DPSS_NAME(committed, committed, dpss_ledger::committed_pence)
DPSS_NAME(set_busy_timeout, setBusyTimeout, dpss_ledger::busy_timeout)
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
DPSS_NAME(error_field, errorField, dpss_reader::bad_field)
DPSS_NAME(set_mapping, setMapping, dpss_reader::use_mapping)
DPSS_NAME(offset, offset, dpss_reader::bytes_read)
DPSS_NAME(size, size, dpss_reader::input_size)
DPSS_NAME(overridden, overridden, dpss_policy::is_overridden)
DPSS_NAME(overrides_json, overridesJson, dpss_policy::overrides)
DPSS_NAME(add_event, addEvent, dpss_recipient::put_event)
DPSS_NAME(in_network, inNetwork, dpss_routing::is_in_network)
DPSS_NAME(joins_network, joinsNetwork, dpss_routing::is_joining_network)
DPSS_NAME(add, add, dpss_comparison::compare)
DPSS_NAME(add_payments, addPayments, dpss_comparison::count_payments)
DPSS_NAME(add_rejected, addRejected, dpss_comparison::count_rejected)
DPSS_NAME(merge, merge, dpss_comparison::absorb)
DPSS_NAME(to_json, toJson, dpss_comparison::json)
DPSS_NAME(to_text, toText, dpss_comparison::text)
DPSS_NAME(clear, clear, dpss_batch::clear_rows)
DPSS_NAME(add, add, dpss_batch::take)
DPSS_NAME(evaluate, evaluate, dpss_batch::evaluate_one)
DPSS_NAME(evaluate_reader, evaluateReader, dpss_batch::read_from)
DPSS_NAME(column_name, columnName, dpss_batch::name_of)
DPSS_NAME(copy_column, copyColumn, dpss_batch::copy_values)

%extend dpss_policy {
  /**
   * The built-in policy: Nottinghamshire County Council's parameters.
   * @return A new policy; it frees its C memory when collected (Java: close it).
   */
  static dpss_policy *builtin() {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_new(&p));
    return p;
  }
  /**
   * Read a policy from JSON text (the policy shape of the data contract).
   * Fails (ESYNTAX with line and column; ETYPE, ERANGE, EUNKNOWN, EDATE or EMISSING with the
   * field path) on a bad policy.
   * @param json The policy as JSON text.
   * @return A new policy.
   */
  static dpss_policy *parse(const char *json) {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_from_json(&p, json));
    return p;
  }
  /**
   * Read a policy from a JSON file.
   * Fails as from_json/fromJson does, and with EIO if the file cannot be read.
   * @param path The file.
   * @return A new policy.
   */
  static dpss_policy *load(const char *path) {
    dpss_policy *p = NULL;
    DPSS_BF(dpss_policy_from_file(&p, path), path);
    return p;
  }
  ~dpss_policy() { dpss_policy_free($self); }
  /**
   * An independent copy, for what-if runs that must not touch the original.
   * @return A new policy.
   */
  dpss_policy *copy() {
    dpss_policy *p = NULL;
    DPSS_B(dpss_policy_clone(&p, $self));
    return p;
  }
  /**
   * The policy as JSON: every parameter, schedules included.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_policy_to_json($self, &s));
    return s;
  }
  /**
   * Override one parameter from text NAME=VALUE (a what-if run), at every date.
   * Fails with EUNKNOWN (no such parameter, or a word not among its choices), ETYPE or ERANGE;
   * the policy is then unchanged.
   * @param assignment For example "surplus_threshold_weeks=8".
   */
  void assign(const char *assignment) { DPSS_B(dpss_policy_set($self, assignment)); }
  /**
   * Override one parameter with a number (booleans 0 or 1, choices by position), at every
   * date.
   * Fails with EUNKNOWN or ERANGE; the policy is then unchanged.
   * @param name The parameter's name.
   * @param value Its new value.
   */
  void assign_int(const char *name, int64_t value) {
    DPSS_B(dpss_policy_set_int($self, name, value));
  }
  /**
   * Give a parameter a new value from a date on, keeping its earlier values (a policy change
   * on a date).
   * Fails with EUNKNOWN, ERANGE or EDATE; the policy is then unchanged.
   * @param name The parameter's name.
   * @param from The first day the value holds.
   * @param value The value from that day.
   */
  void assign_from(const char *name, dpss_date from, int64_t value) {
    DPSS_B(dpss_policy_set_from($self, name, from, value));
  }
  /**
   * The value of a parameter in force on a date, as a number (booleans 0 or 1, choices by
   * position).
   * @param name The parameter's name.
   * @param on The date.
   * @return The value.
   */
  int64_t value(const char *name, dpss_date on) {
    int64_t v = 0;
    DPSS_B(dpss_policy_get($self, name, on, &v));
    return v;
  }
  /**
   * The value of a parameter in force on a date, as text ("6", "true", "net").
   * @param name The parameter's name.
   * @param on The date.
   * @return The value as text.
   */
  char *value_text(const char *name, dpss_date on) {
    char *s = NULL;
    DPSS_B(dpss_policy_get_text($self, name, on, &s));
    return s;
  }
  /**
   * The policy's id, e.g. "nottinghamshire".
   * @return The id.
   */
  const char *id();
  /**
   * The policy's version.
   * @return The version string ("" when it has none).
   */
  const char *version();
  /**
   * The policy's description (a policy file's description, e.g. the council's published page
   * it follows).
   * @return The description ("" when it has none).
   */
  const char *description();
  /**
   * Whether a parameter was set as a what-if override (set, setInt, with_overrides, or the
   * policy file's overrides). Fails with EUNKNOWN for no such parameter.
   * @param name The parameter's name (a period under any of its names).
   * @return true if it was overridden.
   */
  bool is_overridden(const char *name) {
    int rc = dpss_policy_overridden($self, name);
    DPSS_B(rc);
    return rc == 1;
  }
  /**
   * The what-if overrides as a JSON object, e.g. {"surplus_threshold_weeks":8}; {} when there
   * are none. Every decision, schedule and comparison made under the policy names them.
   * @return JSON text.
   */
  char *overrides() {
    char *s = NULL;
    DPSS_B(dpss_policy_overrides_json($self, &s));
    return s;
  }
}

%extend dpss_recipient {
  /**
   * An empty recipient record, every fact unknown, to fill with the setters.
   * @param id The recipient's id (not empty).
   */
  dpss_recipient(const char *id) {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_new(&r, id));
    return r;
  }
  /**
   * Read a recipient from JSON text (the recipient shape of the data contract).
   * Fields libdpss does not know are kept and written back.
   * Fails with ESYNTAX (with line and column), ETYPE, EMISSING, EUNKNOWN, ERANGE, EDATE,
   * EDUPLICATE or ECONFLICT, naming the field.
   * @param json One recipient object as JSON text.
   * @return A new recipient.
   */
  static dpss_recipient *parse(const char *json) {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_from_json(&r, json));
    return r;
  }
  ~dpss_recipient() { dpss_recipient_free($self); }
  /**
   * An independent copy of the record.
   * @return A new recipient.
   */
  dpss_recipient *copy() {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_clone(&r, $self));
    return r;
  }
  /**
   * The record as JSON; unknown facts are written as null.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_recipient_to_json($self, &s));
    return s;
  }
  /**
   * The recipient's id.
   * @return The id.
   */
  const char *id();
  /**
   * Read a three-state fact.
   * @param field Which fact.
   * @return TRUE, FALSE or UNKNOWN.
   */
  dpss_fact get_fact(dpss_fact_field field);
  /**
   * Read one of the record's dates.
   * @param field Which date.
   * @return The date, or None/null when absent.
   */
  dpss_date get_date(dpss_date_field field);
  /**
   * The weekly amount of a funding stream.
   * @param source The stream.
   * @return Pence a week; 0 when the record has no such stream.
   */
  int64_t get_funding(dpss_source source);
  /**
   * Read a weekly money field of the budget.
   * @param field Which field.
   * @return Pence, or DPSS_PENCE_NONE when absent.
   */
  int64_t get_money(dpss_money_field field);
  /**
   * The number of one-off issues recorded.
   * @return The count.
   */
  size_t issue_count();
  /**
   * Set a three-state fact.
   * @param field Which fact.
   * @param value TRUE, FALSE or UNKNOWN.
   */
  void put_fact(dpss_fact_field field, dpss_fact value) {
    DPSS_B(dpss_recipient_set_fact($self, field, value));
  }
  /**
   * Set who the record is for: an adult, or a child (an EHC plan or a disabled child's
   * family).
   * @param kind The kind.
   */
  void put_kind(dpss_kind kind) { DPSS_B(dpss_recipient_set_kind($self, kind)); }
  /**
   * Set how the money is held now.
   * @param method The method.
   */
  void put_method(dpss_method method) { DPSS_B(dpss_recipient_set_method($self, method)); }
  /**
   * Set the risk of the package.
   * @param risk The risk.
   */
  void put_risk(dpss_risk risk) { DPSS_B(dpss_recipient_set_risk($self, risk)); }
  /**
   * Set one of the record's dates.
   * Fails with EDATE, or ECONFLICT when dp_end would fall before dp_start; nothing changes
   * then.
   * @param field Which date.
   * @param date The date, or None/null to remove it.
   */
  void put_date(dpss_date_field field, dpss_date date) {
    DPSS_B(dpss_recipient_set_date($self, field, date));
  }
  /**
   * Set the weekly amount of a funding stream (0 removes it).
   * Fails with ERANGE (negative) or ECONFLICT (the streams would exceed the personal budget);
   * nothing changes then.
   * @param source The stream.
   * @param weekly_pence Pence a week.
   */
  void put_funding(dpss_source source, int64_t weekly_pence) {
    DPSS_B(dpss_recipient_set_funding($self, source, weekly_pence));
  }
  /**
   * Set a weekly money field of the budget (rules B1, B2).
   * Fails with ERANGE (negative) or ECONFLICT (a personal budget below the direct payment);
   * nothing changes then.
   * @param field Which field.
   * @param pence Pence a week.
   */
  void put_money(dpss_money_field field, int64_t pence) {
    DPSS_B(dpss_recipient_set_money($self, field, pence));
  }
  /**
   * Record the account balance on a date (rules S1, S2).
   * @param on The date of the balance, or None/null if not known.
   * @param pence The balance in pence (negative if overdrawn).
   * @param owed_pence Money already owed out of it (unpaid wages, invoices), 0 or more.
   */
  void put_balance(dpss_date on, int64_t pence, int64_t owed_pence) {
    DPSS_B(dpss_recipient_set_balance($self, on, pence, owed_pence));
  }
  /**
   * Add a one-off issue (rule T3).
   * @param id The issue's id.
   * @param opened When it was opened.
   * @param resolved When it was resolved, or None/null while it is open.
   */
  void put_issue(const char *id, dpss_date opened, dpss_date resolved) {
    DPSS_B(dpss_recipient_add_issue($self, id, opened, resolved));
  }
  /**
   * Add a specialist need, e.g. "sensory_impairment" or "dementia" (rule N3).
   * @param need The need.
   */
  void put_need(const char *need) { DPSS_B(dpss_recipient_add_specialist_need($self, need)); }
  /**
   * Record the current support contract (rules T1-T4).
   * @param tier The tier of support given.
   * @param since When it started, or None/null.
   * @param completed Whether start-up support was completed.
   * @param provider The providing DPSS's id, or None/null.
   */
  void put_support(dpss_tier tier, dpss_date since, dpss_fact completed, const char *provider) {
    DPSS_B(dpss_recipient_set_support($self, tier, since, completed, provider));
  }
  /**
   * Record an existing support arrangement (rule N4).
   * @param provider The provider's id.
   * @param successful Whether the arrangement is successful.
   */
  void put_existing(const char *provider, dpss_fact successful) {
    DPSS_B(dpss_recipient_set_existing($self, provider, successful));
  }
  /**
   * Forget the balance: it becomes unknown.
   */
  void drop_balance() { DPSS_B(dpss_recipient_clear_balance($self)); }
  /**
   * Record an audit outcome (rule R2); last_audit moves on to the latest audit.
   * @param date The date of the audit.
   * @param outcome Its outcome.
   */
  void put_audit(dpss_date date, dpss_audit_outcome outcome) {
    DPSS_B(dpss_recipient_add_audit($self, date, outcome));
  }
  /**
   * Record a dated event that calls for an extra review (rule R1): suspected misuse, capacity
   * lost or regained, conditions no longer met. Fails with EDATE or EINVAL; nothing changes
   * then.
   * @param date When it happened.
   * @param kind What happened.
   */
  void put_event(dpss_date date, dpss_event_kind kind) {
    DPSS_B(dpss_recipient_add_event($self, date, kind));
  }
  /**
   * The number of events recorded (rule R1).
   * @return The count.
   */
  size_t event_count();
}

%extend dpss_decision {
  ~dpss_decision() { dpss_decision_free($self); }
  /**
   * The decision as one line of JSON: the decision shape of the data contract, with the trace.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_decision_to_json($self, &s));
    return s;
  }
  /**
   * The reason of a trace entry in words, e.g. "balance 310000 > 6 x 50000".
   * @param index The entry, from 0.
   * @return The reason.
   */
  char *because(size_t index) {
    char *s = NULL;
    DPSS_B(dpss_decision_trace_because($self, index, &s));
    return s;
  }
  /**
   * The id of the recipient the decision is for.
   * @return The id.
   */
  const char *id();
  /**
   * The date the decision was made for.
   * @return The date.
   */
  dpss_date as_of();
  /**
   * Whether the person may have a direct payment (rules E1-E6).
   * @return The eligibility status.
   */
  dpss_eligibility eligibility();
  /**
   * Through whom an eligible person takes the payment (themselves or an authorised person).
   * @return The route.
   */
  dpss_via via();
  /**
   * How many facts are still needed to decide eligibility and the tier.
   * @return The count.
   */
  size_t missing_count();
  /**
   * The JSON field name of a fact still needed, e.g. "consents".
   * @param index From 0 to missing_count - 1.
   * @return The name, or None/null out of range.
   */
  const char *missing(size_t index);
  /**
   * The outcome of rule E5 (paying a family member in the household).
   * @return The outcome.
   */
  dpss_family_payment family_payment();
  /**
   * How the money is held now, as recorded.
   * @return The method.
   */
  dpss_method method();
  /**
   * The least intensive way of holding the money that meets the need (rules P2, P3).
   * @return The method; UNKNOWN when a fact it needs is unknown.
   */
  dpss_method recommended_method();
  /**
   * Whether an accredited DPSS provider is required (rule P2).
   * @return TRUE, FALSE or UNKNOWN.
   */
  dpss_fact accredited_required();
  /**
   * Whether one DPSS provider must serve every funding stream (rule P4).
   * @return 1 if the payment is jointly funded, else 0.
   */
  int single_provider();
  /**
   * The support tier (rules T1-T4).
   * @return The tier; UNKNOWN when undetermined.
   */
  dpss_tier tier();
  /**
   * When start-up support ends (tier START_UP only).
   * @return The date, or None/null.
   */
  dpss_date tier_ends();
  /**
   * The weekly value of the direct payment, all streams (rule S1).
   * @return Pence.
   */
  int64_t weekly_pence();
  /**
   * The surplus threshold (rule S1).
   * @return Pence.
   */
  int64_t threshold_pence();
  /**
   * The balance less money owed (rule S2).
   * @return Pence, or DPSS_PENCE_NONE when the balance is unknown.
   */
  int64_t available_pence();
  /**
   * The surplus above the threshold, to be paid back (rule S1).
   * @return Pence (0 when none), or DPSS_PENCE_NONE when unknown.
   */
  int64_t excess_pence();
  /**
   * Whether money is to be reclaimed (rule S1).
   * @return TRUE, FALSE, or UNKNOWN when the balance is unknown.
   */
  dpss_fact reclaim();
  /**
   * Whether the surplus calls for a review of needs (rule S3).
   * @return TRUE, FALSE or UNKNOWN.
   */
  dpss_fact surplus_review();
  /**
   * The earliest date the surplus may be recovered (rule S4): the as-of date plus
   * surplus_notice_days, after the person has been told.
   * @return The date, or None/null when nothing is to be reclaimed.
   */
  dpss_date recover_from();
  /**
   * The number of issues open on the as-of date (rule T3).
   * @return The count.
   */
  size_t escalation_count();
  /**
   * The id of an open issue (rule T3).
   * @param index From 0 to escalation_count - 1.
   * @return The id, or None/null out of range.
   */
  const char *escalation_issue(size_t index);
  /**
   * How many whole days an open issue has been open on the as-of date.
   * @param index From 0 to escalation_count - 1.
   * @return The days, or -1 out of range.
   */
  int32_t escalation_open_days(size_t index);
  /**
   * Whether an open issue needs a care manager's review (open more than issue_escalation_days,
   * rule T3).
   * @param index From 0 to escalation_count - 1.
   * @return 1 or 0 (0 also out of range).
   */
  int escalation_review(size_t index);
  /**
   * The next review (rule R1).
   * @return The date, or None/null without a first payment.
   */
  dpss_date review_due();
  /**
   * The next audit (rule R2; managed accounts only).
   * @return The date, or None/null.
   */
  dpss_date audit_due();
  /**
   * Whether an extra review is needed now (rule R1): a surplus (S3), an escalated issue (T3)
   * or suspected misuse at the last audit.
   * @return 1 or 0.
   */
  int extra_review();
  /**
   * The number of entries in the trace.
   * @return The count.
   */
  size_t trace_count();
  /**
   * The rule id of a trace entry, e.g. "S1".
   * @param index From 0 to trace_count - 1.
   * @return The rule id, or None/null out of range.
   */
  const char *trace_rule(size_t index);
  /**
   * The outcome of a trace entry, e.g. "surplus".
   * @param index From 0 to trace_count - 1.
   * @return The outcome, or None/null out of range.
   */
  const char *trace_outcome(size_t index);
  /**
   * Whether the trace names a rule.
   * @param rule A rule id, e.g. "T3".
   * @return 1 if a trace entry has that rule id, else 0.
   */
  int applied(const char *rule);
}

%extend dpss_summary {
  /**
   * An empty caseload summary.
   */
  dpss_summary() {
    dpss_summary *s = NULL;
    DPSS_B(dpss_summary_new(&s));
    return s;
  }
  ~dpss_summary() { dpss_summary_free($self); }
  /**
   * Count one decision.
   * Fails with EOVERFLOW when the totals grow too large; the summary is then unchanged.
   * @param decision The decision.
   */
  void count_decision(const dpss_decision *decision) {
    DPSS_B(dpss_summary_add($self, decision));
  }
  /**
   * Count one record that could not be read (shown as rejected).
   */
  void count_rejected() { DPSS_B(dpss_summary_add_rejected($self)); }
  /**
   * Add another summary's counts into this one (one summary per thread, merged at the end).
   * @param other The summary to add.
   */
  void absorb(const dpss_summary *other) { DPSS_B(dpss_summary_merge($self, other)); }
  /**
   * The number of decisions counted.
   * @return The count.
   */
  uint64_t count();
  /**
   * The summary as JSON: counts by eligibility and tier, surpluses and their total,
   * escalations, reviews and audits due.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_summary_to_json($self, &s));
    return s;
  }
  /**
   * The summary as a readable table (money in pounds).
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_summary_to_text($self, &s));
    return s;
  }
}

%extend dpss_schedule {
  /**
   * Every payment of a recipient dated between two dates (rules B1-B5).
   * @param policy The policy.
   * @param recipient The recipient.
   * @param from The first day, included.
   * @param to The last day, included.
   * @return The schedule.
   */
  static dpss_schedule *make(const dpss_policy *policy, const dpss_recipient *recipient,
                              dpss_date from, dpss_date to) {
    dpss_schedule *s = NULL;
    DPSS_B(dpss_schedule_build(&s, policy, recipient, from, to));
    return s;
  }
  ~dpss_schedule() { dpss_schedule_free($self); }
  /**
   * The schedule as one line of JSON (the payments shape of the data contract).
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_schedule_to_json($self, &s));
    return s;
  }
  /**
   * The recipient id of the schedule.
   * @return The id.
   */
  const char *id();
  /**
   * The payment basis (net or gross) in force on the first payment listed.
   * @return The basis.
   */
  dpss_basis basis();
  /**
   * The weekly amount of all streams (rule B1).
   * @return Pence.
   */
  int64_t weekly_pence();
  /**
   * The person's weekly contribution as recorded (0 when absent).
   * @return Pence.
   */
  int64_t contribution_weekly_pence();
  /**
   * What the council pays a week, on the basis of the first payment.
   * @return Pence.
   */
  int64_t council_weekly_pence();
  /**
   * The number of payments listed.
   * @return The count.
   */
  size_t count();
  /**
   * The date of a payment.
   * @param index From 0 to count - 1.
   * @return The date, or None/null out of range.
   */
  dpss_date date(size_t index);
  /**
   * The days a payment covers.
   * @param index From 0 to count - 1.
   * @return The days, or 0 out of range.
   */
  int32_t days(size_t index);
  /**
   * The amount of a payment (what the council pays).
   * @param index From 0 to count - 1.
   * @return Pence, or DPSS_PENCE_NONE out of range.
   */
  int64_t pence(size_t index);
  /**
   * One funding stream's part of a payment; the parts add up to the payment.
   * @param index From 0 to count - 1.
   * @param source The stream.
   * @return Pence (0 for a stream the recipient does not have), or DPSS_PENCE_NONE out of
   *    range.
   */
  int64_t stream_pence(size_t index, dpss_source source);
  /**
   * The contribution for a payment's period: paid in by the person (net) or invoiced (gross).
   * @param index From 0 to count - 1.
   * @return Pence, or DPSS_PENCE_NONE out of range.
   */
  int64_t contribution_pence(size_t index);
  /**
   * The total of the one-off payments in the range (rule B5).
   * @return Pence.
   */
  int64_t one_off_pence();
}

%extend dpss_totals {
  /**
   * Empty caseload totals for payments between two dates.
   * @param from The first day, included.
   * @param to The last day, included.
   */
  dpss_totals(dpss_date from, dpss_date to) {
    dpss_totals *t = NULL;
    DPSS_B(dpss_totals_new(&t, from, to));
    return t;
  }
  ~dpss_totals() { dpss_totals_free($self); }
  /**
   * Add one schedule's payments (those dated in the range).
   * Fails with EOVERFLOW; the totals are then unchanged.
   * @param schedule The schedule.
   */
  void count_schedule(const dpss_schedule *schedule) { DPSS_B(dpss_totals_add($self, schedule)); }
  /**
   * Add other totals of the same range into these.
   * @param other The totals to add.
   */
  void absorb(const dpss_totals *other) { DPSS_B(dpss_totals_merge($self, other)); }
  /**
   * The total paid in the range, all streams.
   * @return Pence.
   */
  int64_t pence();
  /**
   * The totals as JSON: recipients, payments, per stream, council against contributions, one-
   * offs, per month.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_totals_to_json($self, &s));
    return s;
  }
  /**
   * The totals as a readable table (money in pounds).
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_totals_to_text($self, &s));
    return s;
  }
}

%extend dpss_network {
  /**
   * Read and check a provider network from JSON text: one lead agent and at least
   * min_associates associates (rule N1).
   * @param json The network as JSON text.
   * @param policy The policy to check it under, or None/null for the built-in one.
   * @param as_of The date whose parameters apply.
   * @return A new network.
   */
  static dpss_network *parse(const char *json, const dpss_policy *policy, dpss_date as_of) {
    dpss_network *n = NULL;
    DPSS_B(dpss_network_from_json(&n, json, policy, as_of));
    return n;
  }
  /**
   * Read and check a provider network from a JSON file.
   * @param path The file.
   * @param policy The policy to check it under, or None/null for the built-in one.
   * @param as_of The date whose parameters apply.
   * @return A new network.
   */
  static dpss_network *load(const char *path, const dpss_policy *policy, dpss_date as_of) {
    dpss_network *n = NULL;
    DPSS_BF(dpss_network_from_file(&n, path, policy, as_of), path);
    return n;
  }
  ~dpss_network() { dpss_network_free($self); }
  /**
   * An independent copy, caseloads included (to try routings without changing the original).
   * @return A new network.
   */
  dpss_network *copy() {
    dpss_network *n = NULL;
    DPSS_B(dpss_network_clone(&n, $self));
    return n;
  }
  /**
   * The network as JSON, with its current caseloads.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_network_to_json($self, &s));
    return s;
  }
  /**
   * Route one referral through the lead agent (rules N2-N5, P2, P4); the chosen provider's
   * caseload grows by one.
   * @param referral The referred recipient.
   * @return The outcome (its provider is None/null when unrouted).
   */
  dpss_routing *send(const dpss_recipient *referral) {
    dpss_routing *o = NULL;
    DPSS_B(dpss_network_route(&o, $self, referral));
    return o;
  }
  /**
   * The network's id.
   * @return The id.
   */
  const char *id();
  /**
   * The lead agent's provider id.
   * @return The id.
   */
  const char *lead();
  /**
   * The number of providers.
   * @return The count.
   */
  size_t provider_count();
  /**
   * A provider's id.
   * @param index From 0 to provider_count - 1.
   * @return The id, or None/null out of range.
   */
  const char *provider_id(size_t index);
  /**
   * A provider's role: lead or associate.
   * @param index From 0 to provider_count - 1.
   * @return The role (ASSOCIATE out of range).
   */
  dpss_role provider_role(size_t index);
  /**
   * A provider's capacity.
   * @param index From 0 to provider_count - 1.
   * @return The capacity, or -1 out of range.
   */
  int64_t provider_capacity(size_t index);
  /**
   * A provider's current caseload (it grows as referrals are routed to it).
   * @param index From 0 to provider_count - 1.
   * @return The caseload, or -1 out of range.
   */
  int64_t provider_caseload(size_t index);
  /**
   * How many referrals were routed to a provider since the network was read.
   * @param index From 0 to provider_count - 1.
   * @return The count, or -1 out of range.
   */
  int64_t provider_routed(size_t index);
}

%extend dpss_routing {
  ~dpss_routing() { dpss_routing_free($self); }
  /**
   * The outcome as one line of JSON (the routing shape of the data contract).
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_routing_to_json($self, &s));
    return s;
  }
  /**
   * The referral's recipient id.
   * @return The id.
   */
  const char *id();
  /**
   * The chosen provider's id.
   * @return The id, or None/null when unrouted.
   */
  const char *provider();
  /**
   * The chosen provider's role (meaningless when unrouted).
   * @return The role.
   */
  dpss_role role();
  /**
   * The rule ids that decided the outcome, comma-separated, e.g. "N2,N3".
   * @return The rule ids.
   */
  const char *rules();
  /**
   * The reason for the outcome in words.
   * @return The reason.
   */
  const char *because();
  /**
   * Whether the chosen provider is in the network.
   * @return false for a provider outside it (a successful existing arrangement kept, N4, or
   *    the person's own choice, N5), or when unrouted.
   */
  bool is_in_network() { return dpss_routing_in_network($self) == 1; }
  /**
   * Whether the chosen provider joins the network as an associate (rule N4: a successful
   * existing arrangement with a provider outside it).
   * @return true if it joins.
   */
  bool is_joining_network() { return dpss_routing_joins_network($self) == 1; }
}

%extend dpss_transition {
  /**
   * A transition plan of today's caseload to a new network from a start date (rule X1).
   * @param network The new network.
   * @param policy The policy.
   * @param start The day the new contract starts.
   */
  dpss_transition(const dpss_network *network, const dpss_policy *policy, dpss_date start) {
    dpss_transition *t = NULL;
    DPSS_B(dpss_transition_new(&t, network, policy, start));
    return t;
  }
  ~dpss_transition() { dpss_transition_free($self); }
  /**
   * Add one recipient of today's caseload to the plan.
   * @param recipient The recipient.
   */
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_transition_add($self, recipient)); }
  /**
   * The plan as JSON Lines, one transfer a line in date order (id, date, from_provider,
   * to_provider, role, priority, rules, because).
   * @return JSON Lines text.
   */
  char *jsonl() {
    char *s = NULL;
    DPSS_B(dpss_transition_to_jsonl($self, &s));
    return s;
  }
}

%extend dpss_market {
  /**
   * A market report over a network's providers on a date (rule N6).
   * @param network The network.
   * @param policy The policy.
   * @param as_of The date.
   */
  dpss_market(const dpss_network *network, const dpss_policy *policy, dpss_date as_of) {
    dpss_market *m = NULL;
    DPSS_B(dpss_market_new(&m, network, policy, as_of));
    return m;
  }
  ~dpss_market() { dpss_market_free($self); }
  /**
   * Count one recipient under the provider that supports them.
   * @param recipient The recipient.
   */
  void count_in(const dpss_recipient *recipient) { DPSS_B(dpss_market_add($self, recipient)); }
  /**
   * The Herfindahl-Hirschman index of the shares so far, 0 to 10,000.
   * @return The index (rounded); 0 with no recipients.
   */
  int64_t hhi();
  /**
   * The report as JSON: each provider's count and share, the largest share, the HHI and the
   * warnings.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_market_to_json($self, &s));
    return s;
  }
  /**
   * The report as a readable table.
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_market_to_text($self, &s));
    return s;
  }
}

%extend dpss_framework {
  /**
   * Read and check a framework from JSON text: commissioners, caps, prices and call-offs
   * (rules F1-F3).
   * @param json The framework as JSON text.
   * @return A new framework.
   */
  static dpss_framework *parse(const char *json) {
    dpss_framework *f = NULL;
    DPSS_B(dpss_framework_from_json(&f, json));
    return f;
  }
  /**
   * Read and check a framework from its file.
   * @param path The file.
   * @return A new framework.
   */
  static dpss_framework *read_file(const char *path) {
    dpss_framework *f = NULL;
    DPSS_BF(dpss_framework_load(&f, path), path);
    return f;
  }
  ~dpss_framework() { dpss_framework_free($self); }
  /**
   * Save the framework to a file atomically (written beside it, flushed, then put in its
   * place), keeping links, mode and owner: the file is always the old or the new framework.
   * @param path The file.
   */
  void write_file(const char *path) { DPSS_BF(dpss_framework_save($self, path), path); }
  /**
   * The framework as JSON, each call-off with its cost and split.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_framework_to_json($self, &s));
    return s;
  }
  /**
   * Add a call-off (rules F1, F2): priced, split between commissioners and checked against
   * every cap.
   * Fails with ECAP past a cap (the message names the cap and the shortfall), EMISSING when
   * approved_by is needed, EDUPLICATE, ENOTFOUND or EDATE; nothing is recorded then.
   * @param calloff The call-off as JSON text.
   * @return The call-off's id.
   */
  char *take(const char *calloff) {
    char *id = NULL;
    DPSS_B(dpss_framework_add_calloff($self, calloff, &id));
    return id;
  }
  /**
   * Spend against the caps per commissioner, as JSON.
   * @param year A contract year from 1, or 0 for every year.
   * @return JSON text.
   */
  char *report(int year) {
    char *s = NULL;
    DPSS_B(dpss_framework_report_json($self, year, &s));
    return s;
  }
  /**
   * Spend against the caps per commissioner, as a readable table.
   * @param year A contract year from 1, or 0 for every year.
   * @return The table.
   */
  char *report_table(int year) {
    char *s = NULL;
    DPSS_B(dpss_framework_report_text($self, year, &s));
    return s;
  }
  /**
   * The number of contract years.
   * @return The years.
   */
  int years();
  /**
   * The contract year a date falls in.
   * @param date The date.
   * @return 1 to years(), or 0 outside the term.
   */
  int year_of(dpss_date date);
  /**
   * The number of call-offs recorded.
   * @return The count.
   */
  size_t calloff_count();
  /**
   * Spend committed by a commissioner in a contract year, or over the term.
   * @param commissioner The commissioner's id.
   * @param year A contract year from 1, or 0 for the whole term.
   * @return Pence, or -1 for an unknown commissioner or year.
   */
  int64_t committed(const char *commissioner, int year);
}

%extend dpss_audits {
  /**
   * A list of the audits of managed accounts due on a date (rule R2).
   * @param policy The policy.
   * @param as_of The date.
   */
  dpss_audits(const dpss_policy *policy, dpss_date as_of) {
    dpss_audits *a = NULL;
    DPSS_B(dpss_audits_new(&a, policy, as_of));
    return a;
  }
  ~dpss_audits() { dpss_audits_free($self); }
  /**
   * Add one recipient (only managed accounts are listed).
   * @param recipient The recipient.
   */
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_audits_add($self, recipient)); }
  /**
   * How many listed audits are overdue (due before the as-of date).
   * @return The count.
   */
  size_t overdue();
  /**
   * The list as JSON Lines, soonest due first: id, last_audit, audit_due, overdue,
   * days_overdue, last_outcome.
   * @return JSON Lines text.
   */
  char *jsonl() {
    char *s = NULL;
    DPSS_B(dpss_audits_to_jsonl($self, &s));
    return s;
  }
}

%extend dpss_return {
  /**
   * An information-sharing return for a period (rules R3, F4).
   * @param policy The policy, or None/null for the built-in one.
   * @param from The first day of the period.
   * @param to The last day of the period (decisions are made as of it).
   * @param provider Only recipients this provider supports, or None/null for all.
   */
  dpss_return(const dpss_policy *policy, dpss_date from, dpss_date to, const char *provider) {
    dpss_return *r = NULL;
    DPSS_B(dpss_return_new(&r, policy, from, to, provider));
    return r;
  }
  ~dpss_return() { dpss_return_free($self); }
  /**
   * Count one recipient in the return.
   * @param recipient The recipient.
   */
  void take(const dpss_recipient *recipient) { DPSS_B(dpss_return_add($self, recipient)); }
  /**
   * Count the framework spend of the period (call-offs starting in it), for the cost per
   * person supported (rule F4).
   * @param framework The framework.
   */
  void take_spend(const dpss_framework *framework) {
    DPSS_B(dpss_return_add_spend($self, framework));
  }
  /**
   * The return as JSON: caseload by tier and provider, new referrals, surpluses, escalations,
   * audits, uptake against dp_uptake_target, spend and cost per person.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_return_to_json($self, &s));
    return s;
  }
  /**
   * The return as a readable table.
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_return_to_text($self, &s));
    return s;
  }
}

%extend dpss_mapping {
  /**
   * Read a column mapping from JSON text (its shape is checked here; whether its column names
   * fit an input is checked when it is used).
   * Fails with ESYNTAX, ETYPE, EUNKNOWN (an unknown key or date format) or EDUPLICATE, naming
   * the key.
   * @param json The mapping as JSON text.
   * @return A new mapping.
   */
  static dpss_mapping *parse(const char *json) {
    dpss_mapping *m = NULL;
    DPSS_B(dpss_mapping_from_json(&m, json));
    return m;
  }
  /**
   * Read a column mapping from a JSON file.
   * Fails as from_json/fromJson does, and with EIO when the file cannot be read.
   * @param path The file.
   * @return A new mapping.
   */
  static dpss_mapping *load(const char *path) {
    dpss_mapping *m = NULL;
    DPSS_BF(dpss_mapping_from_file(&m, path), path);
    return m;
  }
  ~dpss_mapping() { dpss_mapping_free($self); }
}

%extend dpss_statement {
  /** An empty statement, to fill line by line with add_line/addLine. */
  dpss_statement() {
    dpss_statement *s = NULL;
    DPSS_B(dpss_statement_new(&s));
    return s;
  }
  /**
   * Read a statement from CSV text (RFC 4180, a header row). Bad lines do not stop the
   * reading: they are collected (error_count/errorCount and the error_* accessors).
   * Fails only when the whole input is unusable (EUNKNOWN for a header not in the mapping,
   * EMISSING for a required column).
   * @param csv The CSV text.
   * @param mapping A column mapping, or None/null for our own column names.
   * @return A new statement.
   */
  static dpss_statement *parse_csv(const char *csv, const dpss_mapping *mapping) {
    dpss_statement *s = NULL;
    DPSS_B(dpss_statement_from_csv(&s, csv, mapping));
    return s;
  }
  /**
   * Read a statement from a CSV file, as from_csv/fromCsv does.
   * @param path The file.
   * @param mapping A column mapping, or None/null.
   * @return A new statement.
   */
  static dpss_statement *load_csv(const char *path, const dpss_mapping *mapping) {
    dpss_statement *s = NULL;
    DPSS_BF(dpss_statement_from_csv_file(&s, path, mapping), path);
    return s;
  }
  /**
   * Read a statement from JSON Lines text, one line object per line; bad lines are
   * collected.
   * @param jsonl The JSON Lines text.
   * @param mapping A column mapping (its keys are the objects' keys), or None/null.
   * @return A new statement.
   */
  static dpss_statement *parse_jsonl(const char *jsonl, const dpss_mapping *mapping) {
    dpss_statement *s = NULL;
    DPSS_B(dpss_statement_from_jsonl(&s, jsonl, mapping));
    return s;
  }
  /**
   * Read a statement from a JSON Lines file, as from_jsonl/fromJsonl does.
   * @param path The file.
   * @param mapping A column mapping, or None/null.
   * @return A new statement.
   */
  static dpss_statement *load_jsonl(const char *path, const dpss_mapping *mapping) {
    dpss_statement *s = NULL;
    DPSS_BF(dpss_statement_from_jsonl_file(&s, path, mapping), path);
    return s;
  }
  ~dpss_statement() { dpss_statement_free($self); }
  /**
   * Add one line. Fails with EDATE, ERANGE or EINVAL; nothing is added then.
   * @param date The line's date.
   * @param pence The amount: money in positive, out negative.
   * @param balance_pence The running balance after it, or PENCE_NONE when none.
   * @param type The line's type.
   * @param description The description, or None/null.
   * @param payee The payee, or None/null.
   * @param category The spending category, or None/null.
   */
  void put_line(dpss_date date, int64_t pence, int64_t balance_pence, dpss_line_type type,
                const char *description, const char *payee, const char *category) {
    DPSS_B(dpss_statement_add_line($self, date, pence, balance_pence, type, description, payee,
                                   category));
  }
  /**
   * The number of good lines read.
   * @return The count.
   */
  size_t line_count();
  /**
   * A line's date.
   * @param index From 0 (statement line 1) to line_count - 1.
   * @return The date, or None/null out of range.
   */
  dpss_date date(size_t index);
  /**
   * A line's amount (in positive, out negative).
   * @param index From 0 to line_count - 1.
   * @return Pence; PENCE_NONE out of range.
   */
  int64_t pence(size_t index);
  /**
   * A line's running balance.
   * @param index From 0 to line_count - 1.
   * @return Pence; PENCE_NONE when the line has none, or out of range.
   */
  int64_t balance_pence(size_t index);
  /**
   * A line's type.
   * @param index From 0 to line_count - 1.
   * @return The type; OTHER out of range.
   */
  dpss_line_type type(size_t index);
  /**
   * A line's description.
   * @param index From 0 to line_count - 1.
   * @return The text; "" when absent.
   */
  const char *description(size_t index);
  /**
   * A line's payee.
   * @param index From 0 to line_count - 1.
   * @return The text; "" when absent.
   */
  const char *payee(size_t index);
  /**
   * A line's category as given on the line (not the one an audit finds).
   * @param index From 0 to line_count - 1.
   * @return The category; "" when absent.
   */
  const char *category(size_t index);
  /**
   * The line of the input file a statement line was read from.
   * @param index From 0 to line_count - 1.
   * @return The file line (the CSV header is line 1); 0 for lines added one by one.
   */
  size_t source_line(size_t index);
  /**
   * The number of bad lines met while reading.
   * @return The count.
   */
  size_t error_count();
  /**
   * A bad line's status code.
   * @param index From 0 to error_count - 1.
   * @return A negative status code.
   */
  int error_code(size_t index);
  /**
   * The file line of a bad line.
   * @param index From 0 to error_count - 1.
   * @return The line, from 1.
   */
  size_t error_line(size_t index);
  /**
   * The column at fault in a bad line.
   * @param index From 0 to error_count - 1.
   * @return The column from 1; 0 when the whole line is at fault.
   */
  size_t error_column(size_t index);
  /**
   * Our name of the column at fault in a bad line, e.g. "amount".
   * @param index From 0 to error_count - 1.
   * @return The name; "" when none.
   */
  const char *error_field(size_t index);
  /**
   * Why a line is bad, naming its line and column, never its value.
   * @param index From 0 to error_count - 1.
   * @return The message.
   */
  const char *error_message(size_t index);
}

%extend dpss_audit {
  /**
   * Audit one account over a period (rules A1-A9).
   * Fails with ECONFLICT when the statement has bad lines or the balances do not agree, EDATE
   * or EINVAL.
   * @param policy The policy, or None/null for the built-in one.
   * @param recipient The account holder's record.
   * @param statement The account's statement.
   * @param from The first day of the period.
   * @param to The last day of the period.
   * @param opening_pence The opening balance, or PENCE_NONE to take it from the running
   *    balances.
   * @param closing_pence The closing balance, or PENCE_NONE likewise.
   * @return A new audit.
   */
  static dpss_audit *make(const dpss_policy *policy, const dpss_recipient *recipient,
                          const dpss_statement *statement, dpss_date from, dpss_date to,
                          int64_t opening_pence, int64_t closing_pence) {
    dpss_audit *a = NULL;
    DPSS_B(dpss_audit_run(&a, policy, recipient, statement, from, to, opening_pence,
                          closing_pence));
    return a;
  }
  ~dpss_audit() { dpss_audit_free($self); }
  /**
   * The audit record as one line of JSON (the audit shape of the data contract, with the
   * rules applied and the policy's overrides).
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_audit_to_json($self, &s));
    return s;
  }
  /**
   * The findings as CSV (id,rule,kind,lines,pence,because).
   * @param header Nonzero to start with the header row.
   * @return CSV text.
   */
  char *csv(int header) {
    char *s = NULL;
    DPSS_B(dpss_audit_findings_to_csv($self, header, &s));
    return s;
  }
  /**
   * The audit summary sheet for the person: one self-contained, printable HTML page.
   * @param statement The statement the audit was run over.
   * @return HTML text.
   */
  char *sheet(const dpss_statement *statement) {
    char *s = NULL;
    DPSS_B(dpss_audit_to_html($self, statement, &s));
    return s;
  }
  /**
   * Record the outcome on the recipient (its audits), so rules R2 and R1 follow from it.
   * Fails with ECONFLICT for another recipient; nothing changes then.
   * @param recipient The recipient audited.
   */
  void record_on(dpss_recipient *recipient) { DPSS_B(dpss_audit_record($self, recipient)); }
  /**
   * The recipient id of the audit.
   * @return The id.
   */
  const char *id();
  /**
   * The outcome (rule A8).
   * @return The outcome.
   */
  dpss_audit_outcome outcome_of();
  /**
   * The number of statement lines audited.
   * @return The count.
   */
  size_t line_count();
  /**
   * The opening balance (given or taken from the running balances).
   * @return Pence.
   */
  int64_t opening_pence();
  /**
   * The money in over the period.
   * @return Pence.
   */
  int64_t in_pence();
  /**
   * The money out over the period (a positive amount).
   * @return Pence.
   */
  int64_t out_pence();
  /**
   * The closing balance (given or taken from the running balances).
   * @return Pence.
   */
  int64_t closing_pence();
  /**
   * The surplus threshold on the last day (rules A7, S1).
   * @return Pence.
   */
  int64_t threshold_pence();
  /**
   * The closing balance less money owed (rules A7, S2).
   * @return Pence.
   */
  int64_t available_pence();
  /**
   * The surplus above the threshold, 0 when none (rules A7, S1).
   * @return Pence.
   */
  int64_t excess_pence();
  /**
   * Whether the audit calls for a review (misuse R1, underspend A9, surplus S3).
   * @return 1 or 0.
   */
  int review();
  /**
   * The number of findings.
   * @return The count.
   */
  size_t finding_count();
  /**
   * A finding's rule id, e.g. "A3".
   * @param index From 0 to finding_count - 1.
   * @return The rule id; "" out of range.
   */
  const char *finding_rule(size_t index);
  /**
   * A finding's kind, e.g. "prohibited_spend".
   * @param index From 0 to finding_count - 1.
   * @return The kind; "" out of range.
   */
  const char *finding_kind(size_t index);
  /**
   * The amount of a finding.
   * @param index From 0 to finding_count - 1.
   * @return Pence; 0 out of range.
   */
  int64_t finding_pence(size_t index);
  /**
   * The number of statement lines a finding names.
   * @param index From 0 to finding_count - 1.
   * @return The count.
   */
  size_t finding_line_count(size_t index);
  /**
   * One statement line a finding names.
   * @param index From 0 to finding_count - 1.
   * @param k From 0 to finding_line_count(index) - 1.
   * @return The line number, from 1; 0 out of range.
   */
  size_t finding_line(size_t index, size_t k);
  /**
   * Why a finding was made, in words.
   * @param index From 0 to finding_count - 1.
   * @return The reason; "" out of range.
   */
  const char *finding_because(size_t index);
}

%extend dpss_audit_summary {
  /** An empty summary of audits. */
  dpss_audit_summary() {
    dpss_audit_summary *s = NULL;
    DPSS_B(dpss_audit_summary_new(&s));
    return s;
  }
  ~dpss_audit_summary() { dpss_audit_summary_free($self); }
  /**
   * Count one audit. Fails with EOVERFLOW; the summary is then unchanged.
   * @param audit The audit.
   */
  void count_audit(const dpss_audit *audit) { DPSS_B(dpss_audit_summary_add($self, audit)); }
  /** Count an account that could not be audited. */
  void count_unaudited() { DPSS_B(dpss_audit_summary_add_unaudited($self)); }
  /**
   * Add another summary's counts into this one.
   * @param other The summary to add.
   */
  void absorb(const dpss_audit_summary *other) { DPSS_B(dpss_audit_summary_merge($self, other)); }
  /**
   * The number of audits counted.
   * @return The count.
   */
  uint64_t count();
  /**
   * The summary as JSON: outcomes, findings by kind, money by category, surpluses.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_audit_summary_to_json($self, &s));
    return s;
  }
  /**
   * The summary as a readable table (money in pounds).
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_audit_summary_to_text($self, &s));
    return s;
  }
}

%inline %{
/**
 * The "no amount" value: a balance to take from the running balances, an absent amount.
 * @return DPSS_PENCE_NONE.
 */
int64_t pence_none(void) { return DPSS_PENCE_NONE; }
%}

%extend dpss_ledger {
  /**
   * Create a ledger file (it must not exist) from a framework: its terms and its call-offs.
   * Fails with EIO (the file exists or cannot be made).
   * @param path The file.
   * @param framework The framework.
   * @return The open ledger.
   */
  static dpss_ledger *create_file(const char *path, const dpss_framework *framework) {
    dpss_ledger *l = NULL;
    DPSS_BF(dpss_ledger_create(&l, path, framework), path);
    return l;
  }
  /**
   * Open a ledger file.
   * @param path The file.
   * @param flags READ_WRITE or READ_ONLY.
   * @return The open ledger.
   */
  static dpss_ledger *open_file(const char *path, dpss_ledger_flag flags) {
    dpss_ledger *l = NULL;
    DPSS_BF(dpss_ledger_open(&l, path, flags), path);
    return l;
  }
  ~dpss_ledger() { dpss_ledger_close($self); }
  /**
   * Record a call-off in one transaction (rules F1-F3). Refused past a cap (ECAP), and with
   * EMISSING, EDUPLICATE, ENOTFOUND or EDATE; nothing is recorded then.
   * @param calloff The call-off as JSON text.
   * @return The call-off's id.
   */
  char *take(const char *calloff) {
    char *id = NULL;
    DPSS_B(dpss_ledger_add($self, calloff, &id));
    return id;
  }
  /**
   * The framework as JSON with the call-offs in the order recorded.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_ledger_export($self, &s));
    return s;
  }
  /**
   * The ledger loaded as a framework (every call-off checked again).
   * @return A new framework.
   */
  dpss_framework *load_framework() {
    dpss_framework *f = NULL;
    DPSS_B(dpss_ledger_framework(&f, $self));
    return f;
  }
  /**
   * The number of call-offs recorded.
   * @return The count.
   */
  int64_t calloff_count() {
    int64_t n = 0;
    DPSS_B(dpss_ledger_count($self, &n));
    return n;
  }
  /**
   * Spend committed by a commissioner in a contract year.
   * @param commissioner The commissioner's id.
   * @param year A contract year from 1, or 0 for the whole term.
   * @return Pence.
   */
  int64_t committed_pence(const char *commissioner, int year) {
    int64_t n = 0;
    DPSS_B(dpss_ledger_committed($self, commissioner, year, &n));
    return n;
  }
  /**
   * How long an add waits for other writers before failing with EIO.
   * @param milliseconds The time, 0 or more.
   */
  void busy_timeout(int milliseconds) {
    DPSS_B(dpss_ledger_set_busy_timeout($self, milliseconds));
  }
}

%extend dpss_reader {
  /**
   * Open a file for reading records. Fails with EIO (naming the file and the reason) or
   * EINVAL (a format this library cannot read).
   * @param path The file.
   * @param format READER_AUTO (CSV for a .csv name, else JSON), READER_JSON or READER_CSV.
   * @return The reader.
   */
  static dpss_reader *open_path(const char *path, dpss_reader_format format) {
    dpss_reader *r = NULL;
    DPSS_B(dpss_reader_open(&r, path, format));
    return r;
  }
  ~dpss_reader() { dpss_reader_free($self); }
  /**
   * Move to the next record. A read error raises (EIO, ENOMEM), and raises again on every
   * later call: it is never the end.
   * @return READ_RECORD (see text), READ_BAD (see the error_* accessors) or READ_END.
   */
  int step() {
    int rc = dpss_reader_next($self);
    DPSS_B(rc);
    return rc;
  }
  /**
   * The current record's text (JSON).
   * @return The text; "" when there is no current record.
   */
  const char *current_text() { return dpss_reader_text($self); }
  /**
   * The current record's number: 1 for the first record read, good or bad. At the end, the
   * number of records read.
   * @return The number.
   */
  int64_t current_record() { return dpss_reader_record($self); }
  /**
   * The line where the current record starts.
   * @return The line, from 1.
   */
  int64_t current_line() { return dpss_reader_line($self); }
  /**
   * The column where the current record starts.
   * @return The column, from 1, in bytes.
   */
  int64_t current_column() { return dpss_reader_column($self); }
  /**
   * The input's name (its path, or the name it was given).
   * @return The name.
   */
  const char *input_name() { return dpss_reader_name($self); }
  /**
   * The current record read as a recipient. Fails as Recipient.from_json/fromJson does.
   * @return A new recipient.
   */
  dpss_recipient *recipient() {
    dpss_recipient *r = NULL;
    DPSS_B(dpss_recipient_from_json(&r, dpss_reader_text($self)));
    return r;
  }
  /**
   * Why the current record is bad: its status code.
   * @return A negative status code.
   */
  int bad_code() { return dpss_error_code(dpss_reader_error($self)); }
  /**
   * Why the current record is bad: the message (never the record's values).
   * @return The message.
   */
  const char *bad_message() { return dpss_error_message(dpss_reader_error($self)); }
  /**
   * The path of the field at fault in a bad record, e.g. "funding[0].weekly_pence".
   * @return The path; "" when no field is at fault.
   */
  const char *bad_field() { return dpss_error_field(dpss_reader_error($self)); }
  /**
   * Where the fault of a bad record lies: its line in the input.
   * @return The line.
   */
  int bad_line() { return dpss_error_line(dpss_reader_error($self)); }
  /**
   * Where the fault of a bad record lies: its column in the input.
   * @return The column.
   */
  int bad_column() { return dpss_error_column(dpss_reader_error($self)); }
  /**
   * Why the current record is bad: the field (a CSV column's field path), or "".
   * @return The field path, or "".
   */
  const char *bad_field() { return dpss_error_field(dpss_reader_error($self)); }
  /**
   * Read CSV with a column mapping, before the first record. Fails with EINVAL for JSON
   * input or once reading has begun, and EUNKNOWN for a mapping to a column recipients
   * do not have; the reader is then unchanged.
   * @param mapping The mapping (copied), or None/null for none.
   */
  void use_mapping(const dpss_mapping *mapping) {
    DPSS_B(dpss_reader_set_mapping($self, mapping));
  }
  /**
   * How many bytes of the input have been read (for progress).
   * @return The byte count.
   */
  int64_t bytes_read() { return dpss_reader_offset($self); }
  /**
   * The input's size in bytes (for progress).
   * @return The size, or -1 when it is not known (a pipe, a callback).
   */
  int64_t input_size() { return dpss_reader_size($self); }
}

%extend dpss_comparison {
  /**
   * Start a what-if comparison between a base policy and an alternative (their ids,
   * versions and overrides are copied for the summary).
   * @param base The base policy.
   * @param alternative The alternative policy.
   */
  dpss_comparison(const dpss_policy *base, const dpss_policy *alternative) {
    dpss_comparison *c = NULL;
    DPSS_B(dpss_comparison_new(&c, base, alternative));
    return c;
  }
  ~dpss_comparison() { dpss_comparison_free($self); }
  /**
   * Compare one recipient's decisions under the two policies and count what changed.
   * Fails with EINVAL for decisions of different recipients or dates; nothing is counted
   * then.
   * @param before The decision under the base policy.
   * @param after The decision under the alternative.
   * @return The change as one line of JSON ({id, as_of, changes: [{field, before, after,
   *    rule}], rules}), or None/null when nothing changed.
   */
  char *compare(const dpss_decision *before, const dpss_decision *after) {
    char *line = NULL;
    DPSS_B(dpss_comparison_add($self, before, after, &line));
    return line;
  }
  /**
   * Count one recipient's payments under the two policies (the council's payments and the
   * contributions).
   * @param before The schedule under the base policy.
   * @param after The schedule under the alternative, same recipient.
   */
  void count_payments(const dpss_schedule *before, const dpss_schedule *after) {
    DPSS_B(dpss_comparison_add_payments($self, before, after));
  }
  /** Count one record that could not be compared (shown as rejected). */
  void count_rejected() { DPSS_B(dpss_comparison_add_rejected($self)); }
  /**
   * Add another comparison of the same two policies into this one.
   * @param other The comparison to add.
   */
  void absorb(const dpss_comparison *other) { DPSS_B(dpss_comparison_merge($self, other)); }
  /**
   * The number of recipients compared.
   * @return The count.
   */
  uint64_t count();
  /**
   * The number of recipients whose decision changed.
   * @return The count.
   */
  uint64_t changed();
  /**
   * The summary as JSON: recipients compared and changed, flips by field, money moved, who
   * is affected by tier, and both policies with their overrides.
   * @return JSON text.
   */
  char *json() {
    char *s = NULL;
    DPSS_B(dpss_comparison_to_json($self, &s));
    return s;
  }
  /**
   * The summary as a readable table (money in pounds).
   * @return The table.
   */
  char *text() {
    char *s = NULL;
    DPSS_B(dpss_comparison_to_text($self, &s));
    return s;
  }
}

%extend dpss_batch {
  /** An empty batch. */
  dpss_batch() {
    dpss_batch *b = NULL;
    DPSS_B(dpss_batch_new(&b));
    return b;
  }
  ~dpss_batch() { dpss_batch_free($self); }
  /** Empty the batch, keeping its memory for the next rows. */
  void clear_rows() { dpss_batch_clear($self); }
  /**
   * Append one decision's fields as a row.
   * @param decision An evaluated decision (copied).
   */
  void take(const dpss_decision *decision) { DPSS_B(dpss_batch_add($self, decision)); }
  /**
   * Evaluate a recipient and append the decision as a row. Fails as evaluate does; the batch
   * is then unchanged.
   * @param policy The policy.
   * @param recipient The recipient.
   * @param as_of The date of the decision.
   */
  void evaluate_one(const dpss_policy *policy, const dpss_recipient *recipient,
                    dpss_date as_of) {
    DPSS_B(dpss_batch_evaluate($self, policy, recipient, as_of));
  }
  /**
   * Read up to max_records records from a reader and evaluate each into a row, on up to
   * jobs threads. Every record read becomes a row, in input order: its decision, or a bad
   * row (a record the reader reports, or not a valid recipient) whose error_* accessors say
   * why and where. A read error raises, after the rows read before it were added.
   * @param reader The reader.
   * @param policy The policy.
   * @param as_of The date of the decisions.
   * @param max_records At most this many records are read (at least 1).
   * @param flags 0, or BATCH_KEEP_TEXT to keep each row's record text.
   * @param jobs Threads to evaluate on, this one included: 1 to 64, or 0 for one per CPU
   *    (at most 8).
   * @return READ_RECORD (max_records read; more may follow) or READ_END.
   */
  int read_from(dpss_reader *reader, const dpss_policy *policy, dpss_date as_of,
                size_t max_records, unsigned int flags, int jobs) {
    int rc = dpss_batch_evaluate_reader($self, reader, policy, as_of, max_records, flags, jobs);
    DPSS_B(rc);
    return rc;
  }
  /**
   * The number of bad rows.
   * @return The count.
   */
  size_t bad_count();
  /**
   * The record number of a row read from a reader.
   * @param row From 0 to count - 1.
   * @return The number in the input, from 1; 0 for a row added otherwise.
   */
  int64_t record(size_t row);
  /**
   * Why a row is bad: its status code.
   * @param row From 0 to count - 1.
   * @return A negative status code, or 0 for a row with a decision.
   */
  int error_code(size_t row) {
    const dpss_error *e = dpss_batch_error($self, row);
    return e ? dpss_error_code(e) : 0;
  }
  /**
   * Why a row is bad: the message (never the record's values).
   * @param row From 0 to count - 1.
   * @return The message; "" for a row with a decision.
   */
  const char *error_message(size_t row) {
    return dpss_error_message(dpss_batch_error($self, row));
  }
  /**
   * The path of the field at fault in a bad row, e.g. "funding[0].weekly_pence".
   * @param row From 0 to count - 1.
   * @return The path; "" when no field is at fault.
   */
  const char *error_field(size_t row) { return dpss_error_field(dpss_batch_error($self, row)); }
  /**
   * Where the fault of a bad row lies: its line in the input.
   * @param row From 0 to count - 1.
   * @return The line; 0 for a row with a decision.
   */
  int error_line(size_t row) { return dpss_error_line(dpss_batch_error($self, row)); }
  /**
   * Where the fault of a bad row lies: its column in the input.
   * @param row From 0 to count - 1.
   * @return The column; 0 for a row with a decision.
   */
  int error_column(size_t row) { return dpss_error_column(dpss_batch_error($self, row)); }
  /**
   * The number of rows.
   * @return The count.
   */
  size_t count();
  /**
   * The recipient id of a row.
   * @param row From 0 to count - 1.
   * @return The id, or None/null out of range.
   */
  const char *id(size_t row);
  /**
   * The record text of a row read with BATCH_KEEP_TEXT.
   * @param row From 0 to count - 1.
   * @return The JSON text ("" for a row added without it), or None/null out of range.
   */
  const char *text(size_t row);
  /**
   * One value of the table: a row's value in a column, in the library's encoding (enums
   * as their value, -1 for null; facts -1/0/1; dates as day numbers since 1970-01-01,
   * DATE_NONE for null; money as pence, PENCE_NONE for null; counts and 0/1).
   * @param column The column.
   * @param row From 0 to count - 1.
   * @return The value; PENCE_NONE for a row or column out of range.
   */
  int64_t value(dpss_column column, size_t row) {
    const int64_t *c = dpss_batch_column($self, column);
    return c && row < dpss_batch_count($self) ? c[row] : DPSS_PENCE_NONE;
  }
  /**
   * The name of a column: its field path in the decision's JSON, e.g. "surplus.excess_pence".
   * @param column The column.
   * @return The name, or None/null for a column out of range.
   */
  static const char *name_of(dpss_column column) { return dpss_batch_column_name(column); }
#if defined(SWIGPYTHON)
  /**
   * Copy a column into a writable buffer of 64-bit integers (an array('q') or a bytearray),
   * as many values as fit (Python only).
   * @param column The column.
   * @param buffer The buffer.
   * @return The number of values copied.
   */
  PyObject *copy_column_into(dpss_column column, PyObject *buffer) {
    Py_buffer view;
    if (PyObject_GetBuffer(buffer, &view, PyBUF_WRITABLE) < 0)
      return NULL;
    int64_t n = dpss_batch_copy_column($self, column, (int64_t *)view.buf,
                                       (size_t)view.len / sizeof(int64_t));
    PyBuffer_Release(&view);
    if (n < 0) {
      DPSS_B((int)n);
      return NULL;
    }
    return PyLong_FromLongLong((long long)n);
  }
  /**
   * The recipient ids of every row, as a list of str (Python only).
   * @return The list.
   */
  PyObject *ids() {
    size_t n = dpss_batch_count($self);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
      PyObject *s = PyUnicode_FromString(dpss_batch_id($self, i));
      if (!s) {
        Py_CLEAR(list);
        break;
      }
      PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
  }
  /**
   * Every value of one row, in column order, as a tuple of int (Python only).
   * @param row From 0 to count - 1.
   * @return The tuple, or None out of range.
   */
  PyObject *row_values(size_t row) {
    if (row >= dpss_batch_count($self)) {
      Py_INCREF(Py_None);
      return Py_None;
    }
    PyObject *t = PyTuple_New(DPSS_COLUMN_COUNT);
    for (int c = 0; t && c < DPSS_COLUMN_COUNT; c++) {
      PyObject *v = PyLong_FromLongLong((long long)dpss_batch_column($self, (dpss_column)c)[row]);
      if (!v) {
        Py_CLEAR(t);
        break;
      }
      PyTuple_SET_ITEM(t, c, v);
    }
    return t;
  }
#endif
#if defined(SWIGJAVA)
  /**
   * Copy a column's values into an array, as many as fit.
   * @param column The column.
   * @param dst The array.
   * @param n The number of values to copy at most (dst.length).
   * @return The number of values copied.
   */
  int64_t copy_values(dpss_column column, long long *dst, size_t n) {
    int64_t got = dpss_batch_copy_column($self, column, (int64_t *)dst, n);
    DPSS_B((int)(got < 0 ? got : 0));
    return got;
  }
  %proxycode %{
  /**
   * A column's values, one per row, in the library's encoding (see {@link #value}).
   *
   * @param column the column
   * @return the values
   */
  public long[] column(Column column) {
    long[] v = new long[(int) count()];
    copyColumn(column, v, v.length);
    return v;
  }
  %}
#endif
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
/**
 * A record reader over bytes (copied), read as Reader.open reads a file.
 * @param data The input (bytes; in Python, str is read as UTF-8).
 * @param name Names the input in messages, or None/null for "input".
 * @param format READER_AUTO, READER_JSON or READER_CSV.
 * @return The reader.
 */
dpss_reader *reader_from_bytes(const char *data, size_t size, const char *name,
                               dpss_reader_format format) {
  dpss_reader *r = NULL;
  DPSS_B(dpss_reader_from_memory(&r, data, size, name, format));
  return r;
}
%}

#if defined(SWIGPYTHON)
%inline %{
/**
 * A decision's values in the columns of a batch (see Batch), as a tuple of int in column
 * order (Python only: what a single decision's view reads).
 * @param decision An evaluated decision.
 * @return The tuple.
 */
PyObject *decision_row(const dpss_decision *decision) {
  int64_t v[DPSS_COLUMN_COUNT];
  const dpss_decision *d = decision;
  int64_t escalated = 0;
  for (size_t k = 0; k < dpss_decision_escalation_count(d); k++)
    escalated += dpss_decision_escalation_review(d, k);
  v[DPSS_COLUMN_AS_OF] = dpss_decision_as_of(d);
  v[DPSS_COLUMN_ELIGIBILITY] = dpss_decision_eligibility(d);
  v[DPSS_COLUMN_VIA] = dpss_decision_via(d);
  v[DPSS_COLUMN_FAMILY_PAYMENT] = dpss_decision_family_payment(d);
  v[DPSS_COLUMN_METHOD] = dpss_decision_method(d);
  v[DPSS_COLUMN_RECOMMENDED_METHOD] = dpss_decision_recommended_method(d);
  v[DPSS_COLUMN_ACCREDITED_REQUIRED] = dpss_decision_accredited_required(d);
  v[DPSS_COLUMN_SINGLE_PROVIDER] = dpss_decision_single_provider(d);
  v[DPSS_COLUMN_TIER] = dpss_decision_tier(d);
  v[DPSS_COLUMN_TIER_ENDS] = dpss_decision_tier_ends(d);
  v[DPSS_COLUMN_WEEKLY_PENCE] = dpss_decision_weekly_pence(d);
  v[DPSS_COLUMN_THRESHOLD_PENCE] = dpss_decision_threshold_pence(d);
  v[DPSS_COLUMN_AVAILABLE_PENCE] = dpss_decision_available_pence(d);
  v[DPSS_COLUMN_EXCESS_PENCE] = dpss_decision_excess_pence(d);
  v[DPSS_COLUMN_RECLAIM] = dpss_decision_reclaim(d);
  v[DPSS_COLUMN_SURPLUS_REVIEW] = dpss_decision_surplus_review(d);
  v[DPSS_COLUMN_RECOVER_FROM] = dpss_decision_recover_from(d);
  v[DPSS_COLUMN_OPEN_ISSUES] = (int64_t)dpss_decision_escalation_count(d);
  v[DPSS_COLUMN_ESCALATED] = escalated;
  v[DPSS_COLUMN_REVIEW_DUE] = dpss_decision_review_due(d);
  v[DPSS_COLUMN_AUDIT_DUE] = dpss_decision_audit_due(d);
  v[DPSS_COLUMN_EXTRA_REVIEW] = dpss_decision_extra_review(d);
  PyObject *t = PyTuple_New(DPSS_COLUMN_COUNT);
  for (int c = 0; t && c < DPSS_COLUMN_COUNT; c++) {
    PyObject *x = PyLong_FromLongLong((long long)v[c]);
    if (!x) {
      Py_CLEAR(t);
      break;
    }
    PyTuple_SET_ITEM(t, c, x);
  }
  return t;
}
%}
#endif

%inline %{
/**
 * Evaluate a recipient under a policy on a date: the full, explained decision (rules E, P,
 * T, S and R).
 * @param policy The policy.
 * @param recipient The recipient.
 * @param as_of The date of the decision.
 * @return The decision.
 */
dpss_decision *evaluate(const dpss_policy *policy, const dpss_recipient *recipient,
                        dpss_date as_of) {
  dpss_decision *d = NULL;
  DPSS_B(dpss_evaluate(&d, policy, recipient, as_of));
  return d;
}

/**
 * Evaluate into an existing decision, reusing its memory (the fast path for caseloads).
 * @param decision The decision to overwrite (from new_decision/newDecision).
 * @param policy The policy.
 * @param recipient The recipient.
 * @param as_of The date of the decision.
 */
void evaluate_into(dpss_decision *decision, const dpss_policy *policy,
                   const dpss_recipient *recipient, dpss_date as_of) {
  DPSS_B(dpss_evaluate_into(decision, policy, recipient, as_of));
}

/**
 * A new, empty decision to be filled by evaluate_into/evaluateInto.
 * @return The decision.
 */
dpss_decision *new_decision(void) {
  dpss_decision *d = NULL;
  DPSS_B(dpss_decision_new(&d));
  return d;
}

/**
 * Format an amount as pounds, e.g. "£1,234.56" or "-£0.05".
 * @param pence The amount in pence.
 * @return The text.
 */
char *money_format(int64_t pence) {
  char *s = NULL;
  DPSS_B(dpss_money_format(&s, pence));
  return s;
}

/**
 * The number of policy parameters.
 * @return The count; parameter indexes run from 0 to count - 1.
 */
size_t param_count(void) { return dpss_policy_param_count(); }

/**
 * The name of a policy parameter.
 * @param index From 0 to param_count - 1.
 * @return The name, or None/null out of range.
 */
const char *param_name(size_t index) { return dpss_policy_param_name(index); }

/**
 * Where a policy parameter's default comes from, e.g. "COUNTY para 15".
 * @param index From 0 to param_count - 1.
 * @return The source, or None/null out of range.
 */
const char *param_source(size_t index) { return dpss_policy_param_source(index); }

/**
 * The type of a policy parameter: "integer", "boolean", "choice", "period" or "list".
 * @param index From 0 to param_count - 1.
 * @return The type, or None/null out of range.
 */
const char *param_type(size_t index) { return dpss_policy_param_type(index); }

/**
 * The number of rules in the catalogue.
 * @return The count; rule indexes run from 0 to count - 1.
 */
size_t rule_count(void) { return dpss_rule_count(); }

/**
 * The index of a rule id.
 * @param id A rule id, e.g. "S1".
 * @return The index, or -1 when there is no such rule.
 */
int rule_find(const char *id) { return dpss_rule_find(id); }

/**
 * A rule's id, e.g. "T3".
 * @param index From 0 to rule_count - 1.
 * @return The id, or None/null out of range.
 */
const char *rule_id(size_t index) { return dpss_rule_id(index); }

/**
 * A rule's short title, e.g. "Escalation of one-off issues".
 * @param index From 0 to rule_count - 1.
 * @return The title, or None/null out of range.
 */
const char *rule_title(size_t index) { return dpss_rule_title(index); }

/**
 * A rule's statement as libdpss applies it.
 * @param index From 0 to rule_count - 1.
 * @return The statement, or None/null out of range.
 */
const char *rule_statement(size_t index) { return dpss_rule_statement(index); }

/**
 * Where a rule comes from, e.g. "COUNTY para 16".
 * @param index From 0 to rule_count - 1.
 * @return The source, or None/null out of range.
 */
const char *rule_source(size_t index) { return dpss_rule_source(index); }

/**
 * The policy parameters a rule uses, comma-separated (may be "").
 * @param index From 0 to rule_count - 1.
 * @return The names, or None/null out of range.
 */
const char *rule_parameters(size_t index) { return dpss_rule_parameters(index); }

/**
 * The whole rule catalogue as JSON: an array of {id, title, statement, source, parameters}.
 * @return JSON text.
 */
char *rules_json(void) {
  char *s = NULL;
  DPSS_B(dpss_rules_to_json(&s));
  return s;
}

/**
 * Evaluate one recipient under both policies of a comparison and count what changed; with a
 * date range, their payment schedules too (the council's payments and the contributions).
 * @param comparison The comparison.
 * @param base The base policy.
 * @param alternative The alternative policy.
 * @param recipient The recipient.
 * @param as_of The date of the decisions.
 * @param from The first day of the payments compared, or None/null for no payments.
 * @param to The last day of the payments compared, or None/null.
 * @return The change as one line of JSON, or None/null when nothing changed.
 */
char *compare_recipient(dpss_comparison *comparison, const dpss_policy *base,
                        const dpss_policy *alternative, const dpss_recipient *recipient,
                        dpss_date as_of, dpss_date from, dpss_date to) {
  dpss_decision *a = NULL, *b = NULL;
  dpss_schedule *sa = NULL, *sb = NULL;
  char *line = NULL;
  int rc = dpss_evaluate(&a, base, recipient, as_of);
  if (!rc)
    rc = dpss_evaluate(&b, alternative, recipient, as_of);
  if (!rc && from != DPSS_DATE_NONE && to != DPSS_DATE_NONE) {
    rc = dpss_schedule_build(&sa, base, recipient, from, to);
    if (!rc)
      rc = dpss_schedule_build(&sb, alternative, recipient, from, to);
  }
  if (!rc)
    rc = dpss_comparison_add(comparison, a, b, &line);
  if (!rc && sa)
    rc = dpss_comparison_add_payments(comparison, sa, sb);
  dpss_schedule_free(sa);
  dpss_schedule_free(sb);
  dpss_decision_free(a);
  dpss_decision_free(b);
  if (rc) {
    dpss_free(line);
    line = NULL;
  }
  DPSS_B(rc);
  return line;
}
%}
