#ifndef fluxion_materials_arrhenius_diffusivity_h
#define fluxion_materials_arrhenius_diffusivity_h

#include <fluxion/materials/diffusivity_law.h>

namespace Fluxion
{
  /**
   * An Arrhenius diffusivity D = D0 exp(-Ea / (k_B T)), with the temperature
   * T(x, t) of the run in K and Ea in eV.
   */
  template <int dim>
  class ArrheniusDiffusivity : public DiffusivityLaw<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    DiffusivityValue
    evaluate(const Point<dim> &p,
             const double      t,
             const double      c,
             const double      T) const override;

    bool
    depends_on_temperature() const override
    {
      return true;
    }

    bool
    depends_on_position() const override
    {
      return false;
    }

    std::string
    data_parameters() const override
    {
      return "D0, Activation energy";
    }

  private:
    double D0 = 1.0;
    double Ea = 0.0;
  };
} // namespace Fluxion

#endif
