#include <fluxion/boundary/dirichlet_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  DirichletBoundary<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Concentration",
                      "0",
                      Patterns::Anything(),
                      "[amount/length^dim] The concentration on the boundary, "
                      "an expression of x, y, z and t [s].");
  }

  template <int dim>
  void
  DirichletBoundary<dim>::parse_parameters(ParameterHandler &prm)
  {
    value.initialize(prm.get("Concentration"), "Concentration");
  }

  template <int dim>
  double
  DirichletBoundary<dim>::concentration(const Point<dim> &p,
                                        const double      t) const
  {
    return value.value(p, t);
  }

  FLUXION_REGISTER_PLUGIN(BoundaryCondition,
                          DirichletBoundary,
                          "dirichlet",
                          "A prescribed concentration c = g(x, t).")
} // namespace Fluxion
