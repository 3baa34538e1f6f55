#include <fluxion/materials/function_diffusivity.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  FunctionDiffusivity<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("D expression",
                      "1",
                      Patterns::Anything(),
                      "[length^2/s] D as an expression of x, y, z, t [s], c "
                      "[amount/length^dim] and T [K]. Must stay positive.");
    prm.declare_entry("dD/dc expression",
                      "",
                      Patterns::Anything(),
                      "[length^(2+dim)/(s amount)] The derivative of D with "
                      "respect to c, for Newton's exact Jacobian. Empty: a "
                      "central difference of <D expression>.");
  }

  template <int dim>
  void
  FunctionDiffusivity<dim>::parse_parameters(ParameterHandler &prm)
  {
    D.initialize(prm.get("D expression"), "D expression", {"c", "T"});
    has_derivative = !prm.get("dD/dc expression").empty();
    if (has_derivative)
      dD_dc.initialize(prm.get("dD/dc expression"),
                       "dD/dc expression",
                       {"c", "T"});
  }

  template <int dim>
  DiffusivityValue
  FunctionDiffusivity<dim>::evaluate(const Point<dim> &p,
                                     const double      t,
                                     const double      c,
                                     const double      T) const
  {
    DiffusivityValue v;
    v.D = D.value(p, t, {c, T});
    if (!D.uses("c"))
      v.dD_dc = 0;
    else if (has_derivative)
      v.dD_dc = dD_dc.value(p, t, {c, T});
    else
      {
        const double h = 1e-7 * std::max(std::abs(c), 1e-3);
        v.dD_dc =
          (D.value(p, t, {c + h, T}) - D.value(p, t, {c - h, T})) / (2 * h);
      }
    return v;
  }

  template <int dim>
  bool
  FunctionDiffusivity<dim>::depends_on_concentration() const
  {
    return D.uses("c");
  }

  template <int dim>
  bool
  FunctionDiffusivity<dim>::depends_on_position() const
  {
    return D.uses("x") || D.uses("y") || D.uses("z");
  }

  template <int dim>
  bool
  FunctionDiffusivity<dim>::depends_on_time() const
  {
    return D.uses("t");
  }

  template <int dim>
  bool
  FunctionDiffusivity<dim>::depends_on_temperature() const
  {
    return D.uses("T");
  }

  FLUXION_REGISTER_PLUGIN(DiffusivityLaw,
                          FunctionDiffusivity,
                          "function",
                          "D(x, t, c, T) as an expression, with dD/dc as an "
                          "expression or a central difference.")
} // namespace Fluxion
