#ifndef fluxion_physics_dopant_solubility_boundary_h
#define fluxion_physics_dopant_solubility_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/physics/dopant/solid_solubility.h>
#include <fluxion/physics/dopant/thermal_process.h>

#include <optional>

namespace Fluxion
{
  /**
   * A dopant source at the solid solubility of the current temperature:
   * with no transfer coefficient the prescribed surface concentration
   * C_s = S(T(t)) (as the dirichlet condition), with one the mass transfer
   * J.n = h (C - S(T(t))) (as the mass transfer condition). S and T(t) are
   * the dopant physics' own data, so this condition is not a plugin of the
   * registry: DopantDiffusion creates it for the 'solubility' surface
   * conditions. Concentrations in cm^-3, h in length units/s.
   */
  template <int dim>
  class SolubilityBoundary : public BoundaryCondition<dim>
  {
  public:
    /**
     * The solubility @p solubility at the temperature of @p process; both
     * must outlive this object.
     */
    SolubilityBoundary(const SolidSolubility      &solubility,
                       const ThermalProcess       &process,
                       const std::optional<double> transfer_coefficient);

    bool
    is_essential() const override
    {
      return !transfer_coefficient;
    }

    double
    concentration(const Point<dim> &p, const double t) const override;

    BoundaryFlux
    flux(const Point<dim> &p, const double t, const double c) const override;

    bool
    depends_on_time() const override
    {
      return true;
    }

  private:
    const SolidSolubility      &solubility;
    const ThermalProcess       &process;
    const std::optional<double> transfer_coefficient;
  };
} // namespace Fluxion

#endif
