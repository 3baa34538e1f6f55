#include <deal.II/base/utilities.h>

#include <fluxion/physics/advection_field.h>

#include <cmath>

// The velocity field of advection and the SUPG parameter.
namespace Fluxion
{
  template <int dim>
  void
  AdvectionField<dim>::declare_parameters(ParameterHandler &prm)
  {
    declare_parameters(
      prm,
      "The flux becomes J = -D grad c + c u (conservative form, dc/dt + div "
      "J = s). 0 (the default): no advection. Conditions on natural "
      "boundaries then give the diffusive part of the outward flux, and "
      "the advective part c u.n is added (a 'no flux' boundary where the "
      "flow leaves is a free outflow; on walls u.n = 0); the boundary "
      "fluxes in the statistics are the totals. Needs <Solver/Operator> = "
      "matrix-based, and a linear solver for non-symmetric systems "
      "(auto, gmres or direct).",
      true);
  }

  template <int dim>
  void
  AdvectionField<dim>::declare_parameters(ParameterHandler  &prm,
                                          const std::string &meaning,
                                          const bool         stabilization)
  {
    prm.enter_subsection("Advection");
    {
      prm.declare_entry(
        "Velocity",
        "0",
        Patterns::Anything(),
        "[length unit/s] Velocity u(x, t) that carries the substance, one "
        "expression of x, y, z and t per component, separated by ';' (e.g. "
        "'4*y*(1-y); 0' for Poiseuille flow in a channel of height 1). " +
          meaning);
      if (stabilization)
        prm.declare_entry(
          "Stabilization",
          "supg",
          Patterns::Selection("supg|none"),
          "supg: streamline-upwind Petrov-Galerkin, the strong residual "
          "tested with tau u.grad v, tau = h/(2|u|) (coth(Pe) - 1/Pe), cell "
          "Peclet number Pe = |u| h / (2 D), h the cell length along the "
          "flow; nodally exact for steady 1D flow with Q1 elements, and free "
          "of oscillations at any cell Peclet number there. The strong "
          "residual takes the diffusion term as D lap(c) (grad D . grad c is "
          "left out). none: the Galerkin method, which oscillates when the "
          "cell Peclet number exceeds 1.");
    }
    prm.leave_subsection();
  }

  template <int dim>
  void
  AdvectionField<dim>::parse_parameters(ParameterHandler &prm,
                                        const bool        stabilization)
  {
    prm.enter_subsection("Advection");
    const std::string text = prm.get("Velocity");
    supg = stabilization && prm.get("Stabilization") == "supg";
    prm.leave_subsection();

    const auto parts = Utilities::split_string_list(text, ';');
    is_active        = !(parts.size() == 1 && parts[0] == "0");
    uniform          = true;
    if (!is_active)
      return;
    AssertThrow(parts.size() == dim,
                ExcMessage("Parameter <Advection/Velocity>: expected " +
                           std::to_string(dim) +
                           " expression(s) separated by ';' (one per "
                           "component of the velocity), got " +
                           std::to_string(parts.size()) + ": <" + text + ">."));
    for (unsigned int d = 0; d < dim; ++d)
      {
        components[d] = std::make_unique<ParsedExpression<dim>>();
        components[d]->initialize(parts[d], "Advection/Velocity");
        uniform &= components[d]->is_constant();
      }
  }

  template <int dim>
  Tensor<1, dim>
  AdvectionField<dim>::velocity(const Point<dim> &p, const double t) const
  {
    Tensor<1, dim> u;
    if (is_active)
      for (unsigned int d = 0; d < dim; ++d)
        u[d] = components[d]->value(p, t);
    return u;
  }

  template <int dim>
  double
  AdvectionField<dim>::divergence(const Point<dim> &p,
                                  const double      t,
                                  const double      delta) const
  {
    if (uniform)
      return 0;
    double div = 0;
    for (unsigned int d = 0; d < dim; ++d)
      if (!components[d]->is_constant())
        {
          Point<dim> plus = p, minus = p;
          plus[d] += delta;
          minus[d] -= delta;
          div +=
            (components[d]->value(plus, t) - components[d]->value(minus, t)) /
            (2 * delta);
        }
    return div;
  }

  template <int dim>
  std::pair<double, double>
  AdvectionField<dim>::tau(const double speed, const double h, const double D)
  {
    if (!(speed > 0) || !(h > 0))
      return {0., 0.};
    // xi(Pe) = coth(Pe) - 1/Pe and its derivative, by their series where
    // the difference would cancel.
    const double Pe = speed * h / (2 * D);
    double       xi, dxi;
    if (Pe < 1e-2)
      {
        const double p2 = Pe * Pe;
        xi              = Pe * (1. / 3 - p2 / 45 + 2 * p2 * p2 / 945);
        dxi             = 1. / 3 - p2 / 15 + 2 * p2 * p2 / 189;
      }
    else
      {
        const double s = std::sinh(Pe);
        xi             = 1 / std::tanh(Pe) - 1 / Pe;
        dxi            = 1 / (Pe * Pe) - 1 / (s * s);
      }
    const double scale = h / (2 * speed);
    // dPe/dD = -Pe/D.
    return {scale * xi, -scale * dxi * Pe / D};
  }

  template class AdvectionField<1>;
  template class AdvectionField<2>;
  template class AdvectionField<3>;
} // namespace Fluxion
