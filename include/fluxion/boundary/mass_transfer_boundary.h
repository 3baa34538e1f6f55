#ifndef fluxion_boundary_mass_transfer_boundary_h
#define fluxion_boundary_mass_transfer_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>

namespace Fluxion
{
  /**
   * Mass transfer to an outer phase (Robin condition), J.n = h (c - c_ext),
   * with a transfer coefficient h and an outer concentration c_ext(x, t).
   */
  template <int dim>
  class MassTransferBoundary : public BoundaryCondition<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    bool
    is_essential() const override
    {
      return false;
    }

    BoundaryFlux
    flux(const Point<dim> &p, const double t, const double c) const override;

    bool
    depends_on_time() const override
    {
      return external.uses("t");
    }

    std::string
    data_parameters() const override
    {
      return "Transfer coefficient, External concentration";
    }

  private:
    double                h = 0;
    ParsedExpression<dim> external;
  };
} // namespace Fluxion

#endif
