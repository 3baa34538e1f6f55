#ifndef fluxion_materials_function_diffusivity_h
#define fluxion_materials_function_diffusivity_h

#include <fluxion/core/parsed_expression.h>
#include <fluxion/materials/diffusivity_law.h>

namespace Fluxion
{
  /**
   * A diffusivity given as an expression of x, y, z, t, the concentration c
   * and the temperature T. Its derivative dD/dc is an expression too, or,
   * when left empty, a central difference.
   */
  template <int dim>
  class FunctionDiffusivity : public DiffusivityLaw<dim>
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
    depends_on_concentration() const override;

    bool
    depends_on_position() const override;

    bool
    depends_on_time() const override;

    bool
    depends_on_temperature() const override;

    std::string
    data_parameters() const override
    {
      return "D expression";
    }

  private:
    ParsedExpression<dim> D;
    ParsedExpression<dim> dD_dc;
    bool                  has_derivative = false;
  };
} // namespace Fluxion

#endif
