#include <fluxion/materials/arrhenius.h>
#include <fluxion/materials/arrhenius_diffusivity.h>

namespace Fluxion
{
  template <int dim>
  void
  ArrheniusDiffusivity<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("D0",
                      "1",
                      Patterns::Double(Patterns::Double::min_double_value,
                                       1e30),
                      "[length^2/s] Pre-exponential factor; must be positive "
                      "(and at most 1e30).");
    prm.declare_entry("Activation energy",
                      "0",
                      Patterns::Double(0, 20),
                      "[eV] Activation energy Ea (at most 20 eV).");
  }

  template <int dim>
  void
  ArrheniusDiffusivity<dim>::parse_parameters(ParameterHandler &prm)
  {
    D0 = prm.get_double("D0");
    Ea = prm.get_double("Activation energy");
    AssertThrow(D0 > 0,
                ExcMessage("Parameter <D0> of the arrhenius diffusivity law: "
                           "must be positive, got " +
                           prm.get("D0") + "."));
  }

  template <int dim>
  DiffusivityValue
  ArrheniusDiffusivity<dim>::evaluate(const Point<dim> &,
                                      const double,
                                      const double,
                                      const double T) const
  {
    AssertThrow(T > 0,
                ExcMessage("The arrhenius diffusivity law needs a positive "
                           "temperature (Temperature/Function expression), "
                           "got T = " +
                           std::to_string(T) + " K."));
    return {arrhenius(D0, Ea, T), 0.0};
  }

  FLUXION_REGISTER_PLUGIN(DiffusivityLaw,
                          ArrheniusDiffusivity,
                          "arrhenius",
                          "D = D0 exp(-Ea/(k_B T)) with the temperature T(x,t) "
                          "of the run (section Temperature).")
} // namespace Fluxion
