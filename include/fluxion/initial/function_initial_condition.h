#ifndef fluxion_initial_function_initial_condition_h
#define fluxion_initial_function_initial_condition_h

#include <fluxion/core/parsed_expression.h>
#include <fluxion/initial/interface.h>

namespace Fluxion
{
  /**
   * The initial concentration as an expression of x, y, z.
   */
  template <int dim>
  class FunctionInitialCondition : public InitialCondition<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    double
    value(const Point<dim> &p) const override;

    bool
    is_uniform() const override
    {
      return expression.is_constant();
    }

    std::string
    data_parameters() const override
    {
      return "Concentration";
    }

  private:
    ParsedExpression<dim> expression;
  };
} // namespace Fluxion

#endif
