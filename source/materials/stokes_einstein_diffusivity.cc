#include <fluxion/materials/stokes_einstein_diffusivity.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    // Boltzmann constant in J/K (SI 2019, exact).
    constexpr double k_B = 1.380649e-23;
  } // namespace

  template <int dim>
  void
  StokesEinsteinDiffusivity<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Viscosity",
                      "1e-3",
                      Patterns::Double(),
                      "[Pa s] Dynamic viscosity of the solvent; must be "
                      "positive.");
    prm.declare_entry("Hydrodynamic radius",
                      "1e-9",
                      Patterns::Double(),
                      "[m] Hydrodynamic radius of the diffusing particle; "
                      "must be positive.");
  }

  template <int dim>
  void
  StokesEinsteinDiffusivity<dim>::parse_parameters(ParameterHandler &prm)
  {
    viscosity = prm.get_double("Viscosity");
    radius    = prm.get_double("Hydrodynamic radius");
    AssertThrow(viscosity > 0 && radius > 0,
                ExcMessage("Parameters <Viscosity> and <Hydrodynamic radius> "
                           "of the stokes-einstein law must be positive."));
  }

  template <int dim>
  DiffusivityValue
  StokesEinsteinDiffusivity<dim>::evaluate(const Point<dim> &,
                                           const double,
                                           const double,
                                           const double T) const
  {
    AssertThrow(T > 0,
                ExcMessage("The stokes-einstein law needs a positive "
                           "temperature, got T = " +
                           std::to_string(T) + " K."));
    const double D_SI = k_B * T / (6 * M_PI * viscosity * radius);
    return {D_SI / (this->length_unit_in_m * this->length_unit_in_m), 0.0};
  }

  FLUXION_REGISTER_PLUGIN(DiffusivityLaw,
                          StokesEinsteinDiffusivity,
                          "stokes-einstein",
                          "D = k_B T/(6 pi eta r) for a sphere of radius r in "
                          "a fluid of viscosity eta (SI inputs; D is converted "
                          "to the length unit of the run).")
} // namespace Fluxion
