#pragma once
// Theorem constants are expressions over named quantities (μ, η, β, n, L0, ...), written in the
// proofs/*.toml files, parsed once and evaluated in outward-rounded interval arithmetic: the result
// encloses the exact real value of the expression for every value of the quantities' enclosures.
//
// Grammar (Boost.Spirit X3):
//   expr    := term (('+' | '-') term)*
//   term    := factor (('*' | '/') factor)*
//   factor  := unary ('^' factor)?              right associative; exponent must be an integer
//                                                constant or the base must be positive
//   unary   := '-' unary | primary
//   primary := number | call | name | '(' expr ')'
//   call    := name '(' expr (',' expr)* ')'     exp, log, sqrt, min, max, abs
//   name    := letter (letter | digit | '_')*    ASCII; Greek quantities are spelt out (mu, eta)
#include <map>
#include <memory>
#include <set>
#include <string>

#include "nncert/numeric/interval.hpp"

namespace nncert::theory {

class Expression {
 public:
  // Throws InvalidInput naming the text and the position of the first syntax error.
  static Expression parse(const std::string& text);

  // Encloses the value. Throws InvalidInput when a name is not bound or a function is applied
  // outside its domain (log of an interval that reaches 0, division by an interval containing 0).
  Interval evaluate(const std::map<std::string, Interval>& quantities) const;

  // Names of the quantities the expression reads (functions excluded).
  std::set<std::string> names() const;

  const std::string& text() const { return text_; }

  struct Node;  // AST, defined in expression.cpp

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
};

}  // namespace nncert::theory
