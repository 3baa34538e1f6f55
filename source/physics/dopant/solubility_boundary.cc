#include <fluxion/physics/dopant/solubility_boundary.h>

namespace Fluxion
{
  template <int dim>
  SolubilityBoundary<dim>::SolubilityBoundary(
    const SolidSolubility      &solubility,
    const ThermalProcess       &process,
    const std::optional<double> transfer_coefficient)
    : solubility(solubility)
    , process(process)
    , transfer_coefficient(transfer_coefficient)
  {}

  template <int dim>
  double
  SolubilityBoundary<dim>::concentration(const Point<dim> &,
                                         const double t) const
  {
    return solubility.value(process.temperature(t));
  }

  template <int dim>
  BoundaryFlux
  SolubilityBoundary<dim>::flux(const Point<dim> &p,
                                const double      t,
                                const double      c) const
  {
    const double h = *transfer_coefficient;
    return {-h * (c - concentration(p, t)), -h};
  }

  template class SolubilityBoundary<1>;
  template class SolubilityBoundary<2>;
  template class SolubilityBoundary<3>;
} // namespace Fluxion
