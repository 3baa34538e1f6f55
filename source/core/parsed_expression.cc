#include <deal.II/base/exceptions.h>

#include <fluxion/core/parsed_expression.h>

#include <muParser.h>

#include <algorithm>
#include <cmath>

namespace Fluxion
{
  template <int dim>
  ParsedExpression<dim>::ParsedExpression() = default;

  template <int dim>
  ParsedExpression<dim>::~ParsedExpression() = default;

  template <int dim>
  void
  ParsedExpression<dim>::initialize(const std::string              &expr,
                                    const std::string              &param,
                                    const std::vector<std::string> &extra)
  {
    expression                     = expr;
    parameter                      = param;
    parser                         = std::make_unique<mu::Parser>();
    std::vector<std::string> names = {"x", "y", "z"};
    names.resize(dim);
    names.push_back("t");
    names.insert(names.end(), extra.begin(), extra.end());
    variables.assign(names.size(), 0.0);
    try
      {
        for (unsigned int i = 0; i < names.size(); ++i)
          parser->DefineVar(names[i], &variables[i]);
        parser->DefineConst("pi", M_PI);
        parser->DefineConst("e", M_E);
        parser->DefineFun("erfc", static_cast<double (*)(double)>(std::erfc));
        parser->DefineFun("erf", static_cast<double (*)(double)>(std::erf));
        parser->SetExpr(expression);
        // Evaluating once checks the syntax and lists the used variables.
        parser->Eval();
        used.clear();
        for (const auto &v : parser->GetUsedVar())
          used.push_back(v.first);
        // Expressions without variables are evaluated once.
        constant = used.empty();
        if (constant)
          constant_value = parser->Eval();
      }
    catch (mu::Parser::exception_type &e)
      {
        AssertThrow(false,
                    ExcMessage("Parameter <" + parameter +
                               ">: cannot parse the expression <" + expression +
                               ">: " + e.GetMsg() + ". Allowed variables: " +
                               [&]() {
                                 std::string s;
                                 for (const auto &n : names)
                                   s += (s.empty() ? "" : ", ") + n;
                                 return s;
                               }() +
                               "."));
      }
  }

  template <int dim>
  double
  ParsedExpression<dim>::value(const Point<dim>          &p,
                               const double               t,
                               const std::vector<double> &extra) const
  {
    if (constant)
      return constant_value;
    for (unsigned int d = 0; d < dim; ++d)
      variables[d] = p[d];
    variables[dim] = t;
    for (unsigned int i = 0; i < extra.size(); ++i)
      variables[dim + 1 + i] = extra[i];
    return parser->Eval();
  }

  template <int dim>
  bool
  ParsedExpression<dim>::uses(const std::string &name) const
  {
    return std::find(used.begin(), used.end(), name) != used.end();
  }

  template class ParsedExpression<1>;
  template class ParsedExpression<2>;
  template class ParsedExpression<3>;
} // namespace Fluxion
