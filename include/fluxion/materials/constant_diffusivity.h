#ifndef fluxion_materials_constant_diffusivity_h
#define fluxion_materials_constant_diffusivity_h

#include <fluxion/materials/diffusivity_law.h>

namespace Fluxion
{
  /**
   * A constant diffusivity D.
   */
  template <int dim>
  class ConstantDiffusivity : public DiffusivityLaw<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    DiffusivityValue
    evaluate(const Point<dim> &,
             const double,
             const double,
             const double) const override
    {
      return {D, 0.0};
    }

    bool
    is_uniform() const override
    {
      return true;
    }

    std::string
    data_parameters() const override
    {
      return "D";
    }

  private:
    double D = 1.0;
  };
} // namespace Fluxion

#endif
