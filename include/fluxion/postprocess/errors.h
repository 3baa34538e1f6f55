#ifndef fluxion_postprocess_errors_h
#define fluxion_postprocess_errors_h

#include <fluxion/core/parsed_expression.h>
#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * The L2 norm and the H1 seminorm of the error of one field (by default
   * the first) against an exact solution given as an expression of x, y, z
   * and t.
   */
  template <int dim>
  class Errors : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    /**
     * The index of the field of <Field> among @p fields.
     */
    unsigned int
    field_index(const FieldDescriptions &fields) const;

    std::string           field_name;
    ParsedExpression<dim> exact;
  };
} // namespace Fluxion

#endif
