#ifndef fluxion_materials_stokes_einstein_diffusivity_h
#define fluxion_materials_stokes_einstein_diffusivity_h

#include <fluxion/materials/diffusivity_law.h>

namespace Fluxion
{
  /**
   * The Stokes-Einstein diffusivity of a sphere of radius r in a fluid of
   * viscosity eta, D = k_B T / (6 pi eta r), in SI units, converted to the
   * length unit of the run.
   */
  template <int dim>
  class StokesEinsteinDiffusivity : public DiffusivityLaw<dim>
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
      return "Viscosity, Hydrodynamic radius";
    }

  private:
    double viscosity = 1e-3;
    double radius    = 1e-9;
  };
} // namespace Fluxion

#endif
