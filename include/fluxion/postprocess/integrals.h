#ifndef fluxion_postprocess_integrals_h
#define fluxion_postprocess_integrals_h

#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * Per field: the total amount (the integral of the field), its relative
   * change since the first evaluation, and its minimum and maximum over the
   * nodes.
   */
  template <int dim>
  class Integrals : public Postprocessor<dim>
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

    /** The amount at the first step, for "amount change". */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    /// The value of <Fields>.
    std::string field_list;
    /// The amount of every field at the first evaluation.
    std::vector<double> initial_amounts;
  };
} // namespace Fluxion

#endif
