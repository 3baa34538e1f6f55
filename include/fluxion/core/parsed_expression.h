#ifndef fluxion_core_parsed_expression_h
#define fluxion_core_parsed_expression_h

#include <deal.II/base/point.h>

#include <memory>
#include <string>
#include <vector>

namespace mu
{
  class Parser;
}

namespace Fluxion
{
  using namespace dealii;

  /**
   * A scalar expression of the coordinates x, y, z (as many as the
   * dimension), the time t and optional extra variables (for example c and
   * T), parsed once with muparser. Constants pi and e are defined. Errors
   * name the parameter that holds the expression.
   */
  template <int dim>
  class ParsedExpression
  {
  public:
    ParsedExpression();
    ~ParsedExpression();
    ParsedExpression(const ParsedExpression &) = delete;

    /**
     * Parse @p expression; @p parameter names it in error messages.
     */
    void
    initialize(const std::string              &expression,
               const std::string              &parameter,
               const std::vector<std::string> &extra_variables = {});

    /**
     * Evaluate at a point and time, with the extra variables in the order
     * given to initialize().
     */
    double
    value(const Point<dim>          &p,
          const double               t,
          const std::vector<double> &extra = {}) const;

    /**
     * Whether the expression uses the variable @p name.
     */
    bool
    uses(const std::string &name) const;

    /**
     * Whether the expression uses no variable at all.
     */
    bool
    is_constant() const
    {
      return constant;
    }

    /**
     * The expression text.
     */
    const std::string &
    text() const
    {
      return expression;
    }

  private:
    std::string                 expression;
    std::string                 parameter;
    std::unique_ptr<mu::Parser> parser;
    mutable std::vector<double> variables;
    std::vector<std::string>    used;
    bool                        constant       = false;
    double                      constant_value = 0;
  };
} // namespace Fluxion

#endif
