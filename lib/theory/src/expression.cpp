#include "nncert/theory/expression.hpp"

#include <cmath>
#include <list>
#include <vector>

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::theory {
namespace ast {
namespace x3 = boost::spirit::x3;

struct Signed;
struct Expr;
struct Call;
struct Number {
  std::string text;  // kept as written so that it is enclosed exactly, not rounded once
};
struct Name {
  std::string id;
};
struct Operand : x3::variant<Number, Name, x3::forward_ast<Signed>, x3::forward_ast<Expr>, x3::forward_ast<Call>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct Signed {
  char sign;
  Operand operand;
};
struct Operation {
  char op;
  Operand operand;
};
struct Expr {
  Operand first;
  std::list<Operation> rest;
};
struct Call {
  std::string name;
  std::vector<Expr> args;
};
}  // namespace ast
}  // namespace nncert::theory

BOOST_FUSION_ADAPT_STRUCT(nncert::theory::ast::Signed, sign, operand)
BOOST_FUSION_ADAPT_STRUCT(nncert::theory::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(nncert::theory::ast::Expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(nncert::theory::ast::Call, name, args)

namespace nncert::theory {

struct Expression::Node {
  ast::Expr expr;
};

namespace grammar {
namespace x3 = boost::spirit::x3;
using x3::char_;
using x3::digit;

const x3::rule<class expr_tag, ast::Expr> expr = "expression";
const x3::rule<class term_tag, ast::Expr> term = "term";
const x3::rule<class factor_tag, ast::Expr> factor = "factor";
const x3::rule<class unary_tag, ast::Operand> unary = "operand";
const x3::rule<class signed_tag, ast::Signed> signed_operand = "signed operand";
const x3::rule<class primary_tag, ast::Operand> primary = "operand";
const x3::rule<class call_tag, ast::Call> call = "function call";
const x3::rule<class name_tag, ast::Name> name = "name";
const x3::rule<class identifier_tag, std::string> identifier = "identifier";
const x3::rule<class number_tag, ast::Number> number = "number";
const x3::rule<class parenthesized_tag, ast::Expr> parenthesized = "parenthesized expression";

const auto identifier_def = x3::lexeme[x3::alpha >> *(x3::alnum | char_('_'))];
// Single-member structs are filled by semantic actions (X3 cannot adapt one-element sequences).
const auto set_name = [](auto& ctx) { x3::_val(ctx).id = x3::_attr(ctx); };
const auto set_number = [](auto& ctx) {
  const auto& range = x3::_attr(ctx);
  x3::_val(ctx).text.assign(range.begin(), range.end());
};
const auto name_def = identifier[set_name];
const auto number_def =
    x3::raw[x3::lexeme[+digit >> -(char_('.') >> *digit) >> -(char_("eE") >> -char_("+-") >> +digit)]]
           [set_number];
const auto call_def = identifier >> '(' >> (expr % ',') >> ')';
// A rule of its own: X3 cannot split a one-attribute sequence into the two members of Expr.
const auto parenthesized_def = '(' >> expr >> ')';
const auto primary_def = number | call | name | parenthesized;
const auto signed_operand_def = char_('-') >> unary;
const auto unary_def = signed_operand | primary;
// '^' chains are parsed flat and folded from the right by the evaluator (right associativity).
const auto factor_def = unary >> *(char_('^') >> unary);
const auto term_def = factor >> *(char_("*/") >> factor);
const auto expr_def = term >> *(char_("+-") >> term);

BOOST_SPIRIT_DEFINE(expr, term, factor, unary, signed_operand, primary, call, name, identifier, number,
                    parenthesized)
}  // namespace grammar

namespace {

// Exact rational value of a decimal literal "123.45e-6".
Rational decimal_value(const std::string& text) {
  std::string digits;
  long exponent10 = 0;
  std::size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) digits += text[i];
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      digits += text[i];
      --exponent10;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) exponent10 += std::stol(text.substr(i + 1));
  if (exponent10 > 400 || exponent10 < -400) throw InvalidInput("expression: number out of range: " + text);
  Rational value{Integer(digits)};
  const Rational ten_power{bmp::pow(Integer(10), static_cast<unsigned>(std::labs(exponent10)))};
  return exponent10 >= 0 ? value * ten_power : value / ten_power;
}

// The tightest double interval around a decimal literal: a point when the literal is a double.
Interval enclose_decimal(const std::string& text) {
  const double nearest = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(nearest)) throw InvalidInput("expression: number out of range: " + text);
  const Rational exact = decimal_value(text);
  const Rational as_double = to_rational(nearest);
  if (exact == as_double) return point(nearest);
  return exact < as_double ? Interval(next_down(nearest), nearest) : Interval(nearest, next_up(nearest));
}

bool is_integer_point(const Interval& x) {
  return x.lower() == x.upper() && std::floor(x.lower()) == x.lower() && std::abs(x.lower()) < 1e9;
}

class Evaluator {
 public:
  explicit Evaluator(const std::map<std::string, Interval>& quantities, const std::string& text)
      : quantities_(quantities), text_(text) {}

  Interval operator()(const ast::Number& n) const { return enclose_decimal(n.text); }
  Interval operator()(const ast::Name& n) const {
    auto it = quantities_.find(n.id);
    if (it == quantities_.end()) fail(fmt::format("quantity '{}' is not known", n.id));
    return it->second;
  }
  Interval operator()(const ast::Signed& s) const { return -boost::apply_visitor(*this, s.operand); }
  Interval operator()(const ast::Expr& e) const {
    if (!e.rest.empty() && e.rest.front().op == '^') {  // a ^ b ^ c = a ^ (b ^ c)
      Interval acc = boost::apply_visitor(*this, e.rest.back().operand);
      for (auto it = std::next(e.rest.rbegin()); it != e.rest.rend(); ++it)
        acc = apply('^', boost::apply_visitor(*this, it->operand), acc);
      return apply('^', boost::apply_visitor(*this, e.first), acc);
    }
    Interval acc = boost::apply_visitor(*this, e.first);
    for (const auto& op : e.rest) acc = apply(op.op, acc, boost::apply_visitor(*this, op.operand));
    return acc;
  }
  Interval operator()(const ast::Call& c) const {
    std::vector<Interval> args;
    for (const auto& a : c.args) args.push_back((*this)(a));
    auto need = [&](std::size_t k) {
      if (args.size() != k) fail(fmt::format("{}() takes {} argument(s), got {}", c.name, k, args.size()));
    };
    if (c.name == "exp") return need(1), nncert::exp(args[0]);
    if (c.name == "log") {
      need(1);
      if (!(args[0].lower() > 0)) fail("log() of a value that may be <= 0");
      return nncert::log(args[0]);
    }
    if (c.name == "sqrt") {
      need(1);
      if (args[0].lower() < 0) fail("sqrt() of a value that may be negative");
      return nncert::sqrt(args[0]);
    }
    if (c.name == "abs") return need(1), boost::numeric::abs(args[0]);
    if (c.name == "min" || c.name == "max") {
      if (args.empty()) fail(c.name + "() needs arguments");
      Interval acc = args[0];
      for (std::size_t i = 1; i < args.size(); ++i)
        acc = c.name == "min" ? boost::numeric::min(acc, args[i]) : boost::numeric::max(acc, args[i]);
      return acc;
    }
    fail(fmt::format("unknown function '{}'", c.name));
  }

 private:
  Interval apply(char op, const Interval& a, const Interval& b) const {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (boost::numeric::zero_in(b)) fail("division by a value that may be 0");
        return a / b;
      case '^':
        if (is_integer_point(b)) return boost::numeric::pow(a, static_cast<int>(b.lower()));
        if (!(a.lower() > 0)) fail("non-integer power of a value that may be <= 0");
        return nncert::pow(a, b);
    }
    fail(fmt::format("unknown operator '{}'", op));
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw InvalidInput(fmt::format("expression '{}': {}", text_, why));
  }

  const std::map<std::string, Interval>& quantities_;
  const std::string& text_;
};

class NameCollector {
 public:
  explicit NameCollector(std::set<std::string>& out) : out_(out) {}
  void operator()(const ast::Number&) const {}
  void operator()(const ast::Name& n) const { out_.insert(n.id); }
  void operator()(const ast::Signed& s) const { boost::apply_visitor(*this, s.operand); }
  void operator()(const ast::Expr& e) const {
    boost::apply_visitor(*this, e.first);
    for (const auto& op : e.rest) boost::apply_visitor(*this, op.operand);
  }
  void operator()(const ast::Call& c) const {
    for (const auto& a : c.args) (*this)(a);
  }

 private:
  std::set<std::string>& out_;
};

}  // namespace

Expression Expression::parse(const std::string& text) {
  namespace x3 = boost::spirit::x3;
  auto node = std::make_shared<Node>();
  auto first = text.begin();
  const auto last = text.end();
  bool ok = false;
  try {
    ok = x3::phrase_parse(first, last, grammar::expr, x3::space, node->expr);
  } catch (const x3::expectation_failure<std::string::const_iterator>& e) {
    first = e.where();
  }
  if (!ok || first != last) {
    const auto column = std::distance(text.begin(), first) + 1;
    throw InvalidInput(fmt::format("expression '{}': syntax error at column {}", text, column));
  }
  Expression e;
  e.text_ = text;
  e.root_ = std::move(node);
  return e;
}

Interval Expression::evaluate(const std::map<std::string, Interval>& quantities) const {
  return Evaluator(quantities, text_)(root_->expr);
}

std::set<std::string> Expression::names() const {
  std::set<std::string> out;
  NameCollector{out}(root_->expr);
  return out;
}

}  // namespace nncert::theory
