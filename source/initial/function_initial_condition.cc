#include <fluxion/initial/function_initial_condition.h>

namespace Fluxion
{
  template <int dim>
  void
  FunctionInitialCondition<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Concentration",
                      "0",
                      Patterns::Anything(),
                      "[amount/length^dim] Initial concentration, an "
                      "expression of x, y, z (t is the start time).");
  }

  template <int dim>
  void
  FunctionInitialCondition<dim>::parse_parameters(ParameterHandler &prm)
  {
    expression.initialize(prm.get("Concentration"), "Concentration");
  }

  template <int dim>
  double
  FunctionInitialCondition<dim>::value(const Point<dim> &p) const
  {
    return expression.value(p, 0.0);
  }

  FLUXION_REGISTER_PLUGIN(InitialCondition,
                          FunctionInitialCondition,
                          "function",
                          "The initial concentration as an expression of "
                          "x, y, z.")
} // namespace Fluxion
