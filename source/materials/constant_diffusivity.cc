#include <fluxion/materials/constant_diffusivity.h>

namespace Fluxion
{
  template <int dim>
  void
  ConstantDiffusivity<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("D",
                      "1",
                      Patterns::Double(Patterns::Double::min_double_value,
                                       1e30),
                      "[length^2/s] The diffusivity; must be positive (and at "
                      "most 1e30).");
  }

  template <int dim>
  void
  ConstantDiffusivity<dim>::parse_parameters(ParameterHandler &prm)
  {
    D = prm.get_double("D");
    AssertThrow(D > 0,
                ExcMessage("Parameter <D> of the constant diffusivity law: "
                           "the diffusivity must be positive, got " +
                           prm.get("D") + "."));
  }

  FLUXION_REGISTER_PLUGIN(DiffusivityLaw,
                          ConstantDiffusivity,
                          "constant",
                          "A constant diffusivity D.")
} // namespace Fluxion
